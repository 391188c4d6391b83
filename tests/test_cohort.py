"""A cohort graded by the cohort command: every kind of broken submission in one batch,
each with a score and a recorded reason; the gradebook backed up and checked; grades
out as CSV and charts."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import jupyter_env
from learner import answer_files
from trustvalue_course.build import load_keys
from trustvalue_course.content import load_content

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-two-perspectives"
NOTEBOOK = f"{MODULE}.ipynb"
ACTIVITY = "m02-sort-pie-needs"

pytestmark = pytest.mark.grading


def cohort(course: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trustvalue_course.cohort", "--course", str(course), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def grade_id(cell: dict) -> str:
    return cell["metadata"].get("nbgrader", {}).get("grade_id", "")


def find(nb: dict, gid: str) -> dict:
    return next(c for c in nb["cells"] if grade_id(c) == gid)


# Each kind: how the learner's folder ends up, the score it earns (4 questions of one
# point; the reflection waits for a hand grade), whether nbgrader grades it, and what
# the report must say about it.
Build = Callable[[dict, dict[str, str], Path], None]


def _write(folder: Path, files: dict[str, dict], saved: bool = True) -> None:
    folder.mkdir(parents=True)
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(json.dumps(data))
    if saved:  # the widget activities' own saved answers, as a learner who did them has
        (folder / "saved-answers").mkdir(exist_ok=True)
        (folder / "saved-answers" / f"{ACTIVITY}.json").write_text('{"placed": {}}')


def answered(nb: dict, answers: dict[str, str]) -> dict:
    return answer_files(MODULE, nb, answers)[NOTEBOOK]


def wrong(key: dict[str, str]) -> dict[str, str]:
    return {q: ("A" if a != "A" else "B") for q, a in key.items()}


def untouched(nb, key, folder):
    _write(folder, {NOTEBOOK: nb})


def correct(nb, key, folder):
    _write(folder, {NOTEBOOK: answered(nb, key)})


def partly(nb, key, folder):
    qs = sorted(key)
    _write(
        folder, {NOTEBOOK: answered(nb, {q: key[q] if q in qs[:2] else wrong(key)[q] for q in qs})}
    )


def not_json(nb, key, folder):
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text('{"cells": [ this is not json')


def wrong_name(nb, key, folder):
    _write(folder, {"my answers.ipynb": answered(nb, key)})


def deleted(nb, key, folder):
    done = answered(nb, key)
    done["cells"] = [c for c in done["cells"] if grade_id(c) != "q1-check"]
    _write(folder, {NOTEBOOK: done})


def emptied(nb, key, folder):
    done = answered(nb, key)
    find(done, "q2-check")["source"] = ""
    _write(folder, {NOTEBOOK: done})


def reordered(nb, key, folder):
    done = answered(nb, key)
    cells = done["cells"]
    i, j = cells.index(find(done, "q3-prompt")), cells.index(find(done, "q4-prompt"))
    cells[i], cells[j] = cells[j], cells[i]
    _write(folder, {NOTEBOOK: done})


def retyped(nb, key, folder):
    done = answered(nb, key)
    cell = find(done, "q1-answer")
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    _write(folder, {NOTEBOOK: done})


def extra(nb, key, folder):
    done = answered(nb, key)
    note = {"cell_type": "markdown", "metadata": {}, "source": "My own note.", "id": "note-1"}
    done["cells"][3:3] = [note, {**copy.deepcopy(note), "id": "note-2"}]
    _write(folder, {NOTEBOOK: done})


def huge_output(nb, key, folder):
    done = answered(nb, key)
    cell = find(done, "q1-answer")
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 3_000_000}]
    _write(folder, {NOTEBOOK: done})


def not_a_letter(nb, key, folder):
    _write(folder, {NOTEBOOK: answered(nb, {**key, "q1": "Z"})})


def saved_missing(nb, key, folder):
    _write(folder, {NOTEBOOK: answered(nb, key)}, saved=False)


def saved_damaged(nb, key, folder):
    _write(folder, {NOTEBOOK: answered(nb, key)})
    (folder / "saved-answers" / f"{ACTIVITY}.json").write_text('{"placed": ')


KINDS: dict[str, tuple[Build, float, str, list[str]]] = {
    "untouched": (untouched, 0, "graded", ["q1-check:", "q4-check:"]),
    "correct": (correct, 4, "graded", []),
    "partly": (partly, 2, "graded", ["q3-check: Incorrect", "q4-check: Incorrect"]),
    "notjson": (not_json, 0, "failed", ["not valid JSON at line 1, column 13"]),
    "wrongname": (
        wrong_name,
        0,
        "failed",
        [f"wrong file name: no {NOTEBOOK} (found my answers.ipynb)"],
    ),
    "deleted": (deleted, 3, "graded", ["deleted cells: q1-check"]),  # its point is lost
    "emptied": (emptied, 4, "graded", ["emptied cells: q2-check"]),
    "reordered": (reordered, 4, "graded", ["cells reordered"]),
    # nbgrader turns an answer cell back into code: the typed letter still counts.
    "retyped": (retyped, 4, "graded", ["retyped cells: q1-answer (markdown, not code)"]),
    "extra": (extra, 4, "graded", ["2 extra cells"]),
    "huge": (huge_output, 4, "graded", ["3.0 MB of saved output (cleared before grading)"]),
    "notletter": (not_a_letter, 3, "graded", ["q1-check:"]),
    "nosaved": (saved_missing, 4, "graded", ["no saved answers"]),
    "badsaved": (
        saved_damaged,
        4,
        "graded",
        [f"damaged saved answers: saved-answers/{ACTIVITY}.json"],
    ),
}


def write_cohort(course: Path, release: Path, key: dict[str, str], size: int) -> dict[str, str]:
    """``size`` submissions in ``course``/submitted, cycling through every kind; returns
    {student: kind}."""
    nb = json.loads(release.read_text())
    kinds = list(KINDS)
    students = {f"s{i:03d}-{kinds[i % len(kinds)]}": kinds[i % len(kinds)] for i in range(size)}
    for student, kind in students.items():
        KINDS[kind][0](copy.deepcopy(nb), key, course / "submitted" / student / MODULE)
    return students


def prepared_course(root: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A copy of the course in ``root`` with the module generated: (course, env, answer key)."""
    course = root / "autograder"
    shutil.copytree(
        REPO / "autograder",
        course,
        ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded", "feedback"),
    )
    env = jupyter_env(root / "home")
    gen = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", MODULE, "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    assert gen.returncode == 0, gen.stderr
    module = load_content().modules[MODULE]
    key = {q: k.answer for q, k in load_keys(module, course / "keys").exercises.items()}
    return course, env, key


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("cohort")
    course, env, key = prepared_course(root)
    students = write_cohort(course, root / "modules" / MODULE / NOTEBOOK, key, 30)
    auto = cohort(course, env, "autograde", MODULE, "--workers", "2")
    feedback = cohort(course, env, "feedback", MODULE)
    export = cohort(
        course, env, "export", "--to", str(root / "grades.csv"), "--charts", str(root / "charts")
    )
    return {
        "course": course,
        "root": root,
        "students": students,
        "auto": auto,
        "feedback": feedback,
        "export": export,
    }


def report(graded: dict) -> dict[str, dict[str, str]]:
    with (graded["course"] / "reports" / f"{MODULE}-autograde.csv").open() as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


def test_every_kind_of_submission_gets_its_score_and_reason(graded: dict) -> None:
    assert graded["auto"].returncode == 0, graded["auto"].stdout + graded["auto"].stderr
    rows = report(graded)
    assert len(rows) == len(graded["students"]) >= 30
    for student, kind in graded["students"].items():
        _, score, status, reasons = KINDS[kind]
        row = rows[student]
        assert (float(row["score"]), row["status"]) == (score, status), (student, row)
        recorded = row["reasons"].split(" | ") if row["reasons"] else []
        for reason in reasons:
            assert any(r.startswith(reason) for r in recorded), (student, reason, recorded)
        if not reasons:
            assert recorded == [], (student, recorded)


def test_summary_names_each_failure_and_its_reason(graded: dict) -> None:
    out = graded["auto"].stdout
    failed = [s for s, k in graded["students"].items() if KINDS[k][2] == "failed"]
    assert f"autograde {MODULE}: {30 - len(failed)} of 30 done in " in out
    for student in failed:
        assert f"  {student}: " in out
    assert "autograde 02-two-perspectives [" in graded["auto"].stderr  # the progress bar


def test_gradebook_backed_up_and_intact(graded: dict) -> None:
    course = graded["course"]
    backups = list((course / "backups").glob(f"gradebook-{MODULE}-*.db"))
    assert len(backups) == 1
    for db in (course / "gradebook.db", backups[0]):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_feedback_for_every_graded_submission(graded: dict) -> None:
    assert graded["feedback"].returncode == 0, graded["feedback"].stdout
    graded_students = [s for s, k in graded["students"].items() if KINDS[k][2] == "graded"]
    for student in graded_students:
        assert (graded["course"] / "feedback" / student / MODULE / f"{MODULE}.html").exists()


def test_grades_csv_and_offline_charts(graded: dict) -> None:
    assert graded["export"].returncode == 0, graded["export"].stderr
    with (graded["root"] / "grades.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    assert header[0] == "student_id" and header[-2:] == ["total", "out_of"]
    col = header.index(f"{MODULE} (out of 7)")
    for student, kind in graded["students"].items():
        assert float(body[student][col] or 0) == KINDS[kind][1], student
    html = (graded["root"] / "charts" / f"{MODULE}-cohort.html").read_text()
    # Vega's JavaScript is inline: no script or stylesheet is fetched from a network.
    assert "<script" in html and not re.search(r"<(script|link)[^>]+(src|href)=.https?:", html)
    svg = (graded["root"] / "charts" / f"{MODULE}-cohort.svg").read_text()
    assert svg.startswith("<svg") and "Which question misleads the class" in svg


def test_a_module_never_released_is_one_clear_error(tmp_path: Path) -> None:
    course = tmp_path / "autograder"
    shutil.copytree(REPO / "autograder", course, ignore=shutil.ignore_patterns("gradebook.db"))
    (course / "submitted" / "ann" / "09-nothing").mkdir(parents=True)
    done = cohort(course, jupyter_env(tmp_path / "home"), "autograde", "09-nothing")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"09-nothing is not in the gradebook of {course}: release it first "
        "(trustvalue-cohort release 09-nothing)."
    )
    missing = cohort(course, jupyter_env(tmp_path / "home"), "autograde")
    assert missing.returncode == 2 and "needs a module id" in missing.stderr
