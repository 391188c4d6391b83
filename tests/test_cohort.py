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
from learner import answer
from trustvalue_course.content import load_content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.learner_files.store import AnswerStore

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-two-perspectives"
NOTEBOOK = f"{MODULE}.ipynb"
ACTIVITY = "m02-sort-pie-needs"

pytestmark = pytest.mark.grading


def cohort(course: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "trustvalue_course.grading.cohort",
            "--course",
            str(course),
            *args,
        ],
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
# point, graded from the saved answers; the reflection waits for a hand grade), whether
# nbgrader grades it, and exactly what the report says about it, in order.
Build = Callable[[dict, dict[str, str], Path], None]


def _write(folder: Path, nb: dict | str, name: str = NOTEBOOK) -> None:
    """The fetched notebook as the learner saved it (answering does not change it)."""
    folder.mkdir(parents=True)
    (folder / name).write_text(nb if isinstance(nb, str) else json.dumps(nb))


def answered(folder: Path, answers: dict[str, str]) -> None:
    """Answer as a learner does: click the question widgets, which save beside the notebook;
    the sorting activity's own saved answers are there too, as for a learner who did it."""
    answer(MODULE, folder, answers)
    AnswerStore(folder / "saved-answers").save(ACTIVITY, {"placed": {}})


def wrong(key: dict[str, str]) -> dict[str, str]:
    return {q: ("A" if a != "A" else "B") for q, a in key.items()}


def untouched(nb, key, folder):
    _write(folder, nb)


def correct(nb, key, folder):
    _write(folder, nb)
    answered(folder, key)


def partly(nb, key, folder):
    _write(folder, nb)
    answered(folder, {q: key[q] if q in ("q1", "q2") else wrong(key)[q] for q in key})


def not_json(nb, key, folder):
    _write(folder, '{"cells": [ this is not json')
    answered(folder, key)


def wrong_name(nb, key, folder):
    _write(folder, nb, "my answers.ipynb")
    answered(folder, key)


def deleted(nb, key, folder):
    nb["cells"] = [c for c in nb["cells"] if grade_id(c) != "q1"]
    _write(folder, nb)
    answered(folder, key)


def emptied(nb, key, folder):
    find(nb, "q2")["source"] = ""
    _write(folder, nb)
    answered(folder, key)


def reordered(nb, key, folder):
    cells = nb["cells"]
    i, j = cells.index(find(nb, "q3")), cells.index(find(nb, "q4"))
    cells[i], cells[j] = cells[j], cells[i]
    _write(folder, nb)
    answered(folder, key)


def retyped(nb, key, folder):
    cell = find(nb, "q1")
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    _write(folder, nb)
    answered(folder, key)


def extra(nb, key, folder):
    note = {"cell_type": "markdown", "metadata": {}, "source": "My own note.", "id": "note-1"}
    code = {
        "cell_type": "code",
        "metadata": {},
        "source": 'q1 = "A"',
        "id": "note-2",
        "outputs": [],
        "execution_count": None,
    }
    nb["cells"][3:3] = [note, code]
    _write(folder, nb)
    answered(folder, key)


def huge_output(nb, key, folder):
    find(nb, "q1")["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "x" * 3_000_000}
    ]
    _write(folder, nb)
    answered(folder, key)


def not_a_letter(nb, key, folder):
    _write(folder, nb)
    answered(folder, key)
    # The widget refuses any other letter: this file was edited by hand, in the same format.
    AnswerStore(folder / "saved-answers").save("q1", {"answer": "Z", "attempts": ["Z"]})


def saved_missing(nb, key, folder):
    _write(folder, nb)
    answered(folder, key)
    shutil.rmtree(folder / "saved-answers")


def saved_damaged(nb, key, folder):
    _write(folder, nb)
    answered(folder, key)
    path = folder / "saved-answers" / "q2.json"
    path.write_text(path.read_text()[:20])


NONE_ANSWERED = [f"q{i}: not answered" for i in range(1, 5)]
KINDS: dict[str, tuple[Build, float, str, list[str]]] = {
    "untouched": (untouched, 0, "graded", ["no saved answers", *NONE_ANSWERED]),
    "correct": (correct, 4, "graded", []),
    "partly": (partly, 2, "graded", ["q3: wrong answer", "q4: wrong answer"]),
    # nbgrader cannot grade these two: the cohort's remark, then nbgrader's own error.
    "notjson": (
        not_json,
        0,
        "failed",
        [
            "not valid JSON at line 1, column 13",
            "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: "
            "'{\"cells\": [ this is not json'",
        ],
    ),
    "wrongname": (
        wrong_name,
        0,
        "failed",
        [
            f"wrong file name: no {NOTEBOOK} (found my answers.ipynb)",
            "No notebooks found, did you forget to run 'nbgrader generate_assignment'?",
        ],
    ),
    # nbgrader restores the locked question cells; the saved answers still count.
    "deleted": (deleted, 4, "graded", ["deleted cells: q1"]),
    "emptied": (emptied, 4, "graded", ["emptied cells: q2"]),
    "reordered": (reordered, 4, "graded", ["cells reordered"]),
    "retyped": (retyped, 4, "graded", ["retyped cells: q1 (markdown, not code)"]),
    # Extra cells change nothing: nothing in the notebook is run or read as an answer.
    "extra": (extra, 4, "graded", ["2 extra cells"]),
    "huge": (huge_output, 4, "graded", ["3.0 MB of saved output (cleared before grading)"]),
    "notletter": (
        not_a_letter,
        3,
        "graded",
        [
            "q1: unreadable: saved-answers/q1.json: 'Z' is not one of the letters offered (A, B, C, D)"
        ],
    ),
    "nosaved": (saved_missing, 0, "graded", ["no saved answers", *NONE_ANSWERED]),
    "badsaved": (
        saved_damaged,
        3,
        "graded",
        ["q2: unreadable: saved-answers/q2.json is damaged (not valid JSON)"],
    ),
}


def write_cohort(course: Path, release: Path, key: dict[str, str], size: int) -> dict[str, str]:
    """``size`` submissions in ``course``/submitted, cycling through every kind; returns
    {student: kind}. ``release`` is the released notebook, as each learner fetched it."""
    nb = json.loads(release.read_text())
    kinds = list(KINDS)
    students = {f"s{i:03d}-{kinds[i % len(kinds)]}": kinds[i % len(kinds)] for i in range(size)}
    for student, kind in students.items():
        KINDS[kind][0](copy.deepcopy(nb), key, course / "submitted" / student / MODULE)
    return students


def released(course: Path) -> Path:
    """The learners' notebook as nbgrader generate_assignment wrote it."""
    return course / "release" / MODULE / NOTEBOOK


def prepared_course(root: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A copy of the course in ``root`` with the module generated: (course, env, answer key)."""
    course = root / "autograder"
    shutil.copytree(
        REPO / "autograder",
        course,
        ignore=shutil.ignore_patterns(
            "gradebook.db", "submitted", "autograded", "feedback", "release", "backups", "reports"
        ),
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
    students = write_cohort(course, released(course), key, 30)
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
    got, want = {}, {}
    for student, kind in graded["students"].items():
        _, score, status, reasons = KINDS[kind]
        row = rows[student]
        recorded = row["reasons"].split(" | ") if row["reasons"] else []
        got[student] = (float(row["score"]), row["status"], recorded)
        want[student] = (score, status, reasons)
    assert got == want


def test_summary_names_each_failure_and_its_reason(graded: dict) -> None:
    out = graded["auto"].stdout
    failed = [s for s, k in graded["students"].items() if KINDS[k][2] == "failed"]
    assert f"autograde {MODULE}: {30 - len(failed)} of 30 done in " in out
    for student in failed:
        assert f"  {student}: " in out
    # The grader's reasons, counted per question, close the summary.
    lost: dict[str, dict[str, int]] = {}
    for kind in graded["students"].values():
        for reason in KINDS[kind][3]:
            question, _, why = reason.partition(": ")
            why = why.split(":")[0]
            if why in ("wrong answer", "not answered", "unreadable"):
                lost.setdefault(question, {}).setdefault(why, 0)
                lost[question][why] += 1
    tail = out[out.index("Points lost, by question:\n") :].splitlines()[1:]
    assert tail[-1] == f"Report: {graded['course'] / 'reports' / f'{MODULE}-autograde.csv'}"
    assert tail[:-1] == [
        f"  {q}: " + ", ".join(f"{n} {why}" for why, n in counts.items())
        for q, counts in sorted(lost.items())
    ]
    assert len(tail) == 5  # every question lost points somewhere in this cohort
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
