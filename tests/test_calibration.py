"""The cases stay calibrated: the latest blind readers still reach the references.

``course/calibration/<round>/`` holds the score sheets blind expert readers filled in
(course/calibration/README.md). If an author moves a reference score, or adds a case,
the latest round no longer covers it and these tests ask for a fresh blind reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustvalue_course.content import Content, load_content
from trustvalue_course.content.calibrate import agreement, read_reader

REPO = Path(__file__).resolve().parents[1]
ROUNDS = REPO / "course" / "calibration"
RECALIBRATE = "run a fresh blind reading (course/CONTENT-FORMAT.md, 'blind calibration')"


def latest_round() -> list[Path]:
    folders = sorted(p for p in ROUNDS.iterdir() if p.is_dir())
    assert folders, "no calibration record"
    sheets = sorted(folders[-1].glob("*.yaml"))
    last = max(s.stem.split("-")[0] for s in sheets)
    return [s for s in sheets if s.stem.split("-")[0] == last]


def test_the_latest_round_has_two_readers_who_scored_everything(content: Content) -> None:
    sheets = latest_round()
    assert len(sheets) >= 2
    assert content.rubric is not None
    criteria = {c.id for c in content.rubric.criteria}
    for sheet in sheets:
        reader = read_reader(sheet, content)
        assert set(reader.scores) == set(content.cases), f"{sheet.name}: {RECALIBRATE}"
        for case, scores in reader.scores.items():
            assert set(scores) == criteria, f"{sheet.name}, {case}: {RECALIBRATE}"


@pytest.mark.parametrize("sheet", latest_round(), ids=lambda p: p.stem)
def test_each_blind_reader_reaches_the_references(content: Content, sheet: Path) -> None:
    """85% of the scores exactly, every score within one level."""
    reader = read_reader(sheet, content)
    agreed = agreement(reader.scores, content)
    assert agreed.exact_share >= 0.85, f"{agreed.exact}/{agreed.scored} exact: {RECALIBRATE}"
    assert agreed.far == [], f"two or more levels apart: {agreed.far}; {RECALIBRATE}"


def test_the_check_fails_when_a_reference_moves(content_copy: Path) -> None:
    """A case whose reference an author moves to the other end of the scale is caught by the readers' sheets."""
    path = content_copy / "cases" / "tamarack-imaging-network.yaml"
    text = path.read_text()
    block = text.index("    convener:\n      score: 4\n")
    path.write_text(text[:block] + text[block:].replace("score: 4", "score: 0", 1))
    moved = load_content(content_copy)
    reader = read_reader(latest_round()[0], moved)
    far = agreement(reader.scores, moved).far
    assert [(c, k) for c, k, _score, _ref in far] == [("tamarack-imaging-network", "convener")]
