"""Trainer apps: the course overview's computed times, and apps that open light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO
from trustvalue_course.content import Content
from trustvalue_course.learning.timing import module_minutes
from trustvalue_widgets.apps import course_map_app


def test_course_overview_shows_each_modules_computed_time(content: Content) -> None:
    html = course_map_app(content).value
    rows = re.findall(r"<tr><td>(\d+)</td><td>.*?</td><td>(.*?)</td>", html)
    modules = sorted(content.modules.values(), key=lambda m: m.number)
    assert rows == [(str(m.number), f"{module_minutes(content, m)} min") for m in modules]
    assert "None" not in html


# Libraries a trainer's app must not load when it opens: each viewer's kernel pays
# for them in memory and start-up time (the scorecard draws its chart with altair only
# once the room compares; the simulator's chart is drawn by the browser).
HEAVY = ("altair", "vl_convert", "pandas", "jsonschema")


@pytest.mark.parametrize(
    "app", sorted(p.name for p in (REPO / "apps").glob("*.ipynb")), ids=lambda name: name[:-6]
)
def test_apps_open_without_chart_libraries(app: str, tmp_path: Path) -> None:
    nb = nbformat.read(REPO / "apps" / app, as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
