"""Accessibility rules of the course brief that axe-core cannot see on a freshly run page.

tests/test_axe.py runs axe-core on every rendered notebook and app (contrast of
what is on screen, alt text, names and roles). Kept here: the colours of states
that appear only after a learner acts, and the heading outline of the sources.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

STATIC = REPO / "widgets" / "trustvalue_widgets" / "static"
NOTEBOOKS = sorted((REPO / "modules").rglob("*.ipynb")) + sorted((REPO / "apps").glob("*.ipynb"))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def tokens() -> dict[str, str]:
    css = (STATIC / "common.css").read_text()
    return dict(re.findall(r"(--tv-[a-z]+):\s*(#[0-9a-fA-F]{6})", css))


@pytest.mark.parametrize("name", ["--tv-ink", "--tv-muted", "--tv-accent", "--tv-good", "--tv-bad"])
def test_text_colours_pass_wcag_aa_on_white(name: str) -> None:
    assert contrast(tokens()[name], "#ffffff") >= 4.5


def test_every_hard_coded_text_colour_passes_on_its_background() -> None:
    pairs = [("#ffffff", tokens()["--tv-accent"])]  # a pressed choice: white on accent
    for path in STATIC.glob("*.css"):
        css = path.read_text()
        for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", css):
            if colour.lower() != "#ffffff":
                pairs.append((colour, "#ffffff"))
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO)))
def test_headings_never_skip_a_level(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    level = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```", "", cell.source, flags=re.S)
        for hashes in re.findall(r"^(#{1,6}) ", text, flags=re.M):
            assert len(hashes) <= level + 1, f"{cell.id}: h{len(hashes)} after h{level}"
            level = len(hashes)
