"""nbgrader for real: release, submit, autograde in a real gradebook, grade by hand,
return feedback, export grades. Broken submissions must not stop the batch."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import jupyter_env
from trustvalue_course.build import load_keys
from trustvalue_course.content import Content, load_content

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-two-perspectives"

pytestmark = pytest.mark.grading


def nbgrader(course: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def fresh_course(course: Path, root: Path) -> dict[str, str]:
    """Copy the nbgrader course without any grading state; return an isolated environment."""
    shutil.copytree(
        REPO / "autograder",
        course,
        ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded", "feedback"),
    )
    return jupyter_env(root / "home")


def answered(release: Path, answers: dict[str, str], reflection: str | None = None) -> dict:
    nb = json.loads(release.read_text())
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer") and cell["cell_type"] == "code":
            qid = grade_id.removesuffix("-answer")
            if qid in answers:
                cell["source"] = f'{qid} = "{answers[qid]}"\n'
        if grade_id == "r1-answer" and reflection is not None:
            cell["source"] = reflection
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    content: Content = load_content()
    root = tmp_path_factory.mktemp("course")
    course = root / "autograder"
    env = fresh_course(course, root)

    gen = nbgrader(course, env, "generate_assignment", MODULE, "--force")
    assert gen.returncode == 0, gen.stderr
    release = root / "modules" / MODULE / f"{MODULE}.ipynb"

    key = {
        q: k.answer
        for q, k in load_keys(content.modules[MODULE], course / "keys").exercises.items()
    }
    wrong = {q: ("A" if a != "A" else "B") for q, a in key.items()}
    qs = sorted(key)
    partial = {q: (key[q] if i < 2 else wrong[q]) for i, q in enumerate(qs)}
    submissions = {
        "alice": answered(release, key, "My alliance with a carrier slid into dividing the pie."),
        "bob": answered(release, partial),
        "carol": json.loads(release.read_text()),  # untouched
    }
    # Sabotage: tests deleted and setup replaced, to try to get full marks.
    cheat = answered(release, wrong)
    for cell in cheat["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade"):
            cell["source"] = "pass"
    submissions["mallory"] = cheat
    loop = answered(release, key)
    for cell in loop["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1-answer":
            cell["source"] = "while True:\n    pass\n"
    submissions["erin"] = loop
    for student, nb in submissions.items():
        dest = course / "submitted" / student / MODULE / f"{MODULE}.ipynb"
        dest.parent.mkdir(parents=True)
        dest.write_text(json.dumps(nb))
    broken = course / "submitted" / "dave" / MODULE / f"{MODULE}.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [ this is not json')
    for student in [*submissions, "dave"]:
        assert nbgrader(course, env, "db", "student", "add", student).returncode == 0

    auto = nbgrader(course, env, "autograde", MODULE, "--Execute.timeout=8")
    # Manual grading of the reflection, as formgrader would store it.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("r1-answer", MODULE, MODULE, "alice")
        grade.manual_score = 2
        comment = gb.find_comment("r1-answer", MODULE, MODULE, "alice")
        comment.manual_comment = "Clear example; say what you would change."
        gb.db.commit()
    feedback = nbgrader(course, env, "generate_feedback", MODULE)
    export = nbgrader(course, env, "export", "--to", str(root / "grades.csv"))
    return {
        "course": course,
        "root": root,
        "auto": auto,
        "feedback": feedback,
        "export": export,
        "key": key,
        "release": release,
        "env": env,
        "partial": partial,
    }


def score(course: Path, student: str) -> float:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return gb.find_submission(MODULE, student).score


def test_release_is_exactly_the_committed_learner_notebook(graded: dict) -> None:
    committed = REPO / "modules" / MODULE / f"{MODULE}.ipynb"
    assert nbformat.read(graded["release"], 4) == nbformat.read(committed, 4)


def test_release_has_no_solutions_or_hidden_tests(graded: dict) -> None:
    text = graded["release"].read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "exercises.grade(" not in text
    assert "BEGIN SOLUTION" not in text and "Grading guide" not in text
    code = [c.source for c in nbformat.read(graded["release"], 4).cells if c.cell_type == "code"]
    for q in graded["key"]:
        answer_cells = [src for src in code if src.startswith(f"{q} = ")]
        assert answer_cells == [
            f'{q} = ...  # replace the three dots with your letter in quotes, like "A"\n'
        ]


def test_each_student_gets_the_score_their_answers_earn(graded: dict) -> None:
    course, n = graded["course"], len(graded["key"])
    assert score(course, "alice") == n + 2  # every question, plus 2 hand-graded points
    assert score(course, "bob") == 2
    assert score(course, "carol") == 0
    assert score(course, "mallory") == 0  # deleted tests are restored from the source


def test_broken_submissions_do_not_stop_the_batch(graded: dict) -> None:
    course = graded["course"]
    log = graded["auto"].stdout + graded["auto"].stderr
    assert "dave" in log  # the invalid notebook is reported ...
    assert score(course, "alice") > 0  # ... and the others are graded all the same
    assert score(course, "erin") == len(graded["key"]) - 1  # the hung question times out alone
    assert (course / "autograded" / "carol" / MODULE / f"{MODULE}.ipynb").exists()


def test_feedback_explains_wrong_answers(graded: dict) -> None:
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    html = (graded["course"] / "feedback" / "bob" / MODULE / f"{MODULE}.html").read_text()
    wrong_q = sorted(graded["key"])[2]
    assert f"Question {wrong_q[1:]}:" in html and "is not the best answer" in html
    alice = (graded["course"] / "feedback" / "alice" / MODULE / f"{MODULE}.html").read_text()
    assert "say what you would change" in alice


def test_grades_export_to_csv(graded: dict) -> None:
    assert graded["export"].returncode == 0, graded["export"].stderr
    rows = {r["student_id"]: r for r in csv.DictReader((graded["root"] / "grades.csv").open())}
    assert float(rows["alice"]["raw_score"]) == len(graded["key"]) + 2
    assert float(rows["bob"]["raw_score"]) == 2
    assert float(rows["carol"]["max_score"]) == len(graded["key"]) + 3


def test_validate_passes_on_source_and_fails_on_release(graded: dict) -> None:
    course, env = graded["course"], graded["env"]
    src = course / "source" / MODULE / f"{MODULE}.ipynb"
    ok = nbgrader(course, env, "validate", str(src))
    assert ok.returncode == 0 and "Success" in ok.stdout, ok.stdout + ok.stderr
    inverted = nbgrader(course, env, "validate", "--invert", str(graded["release"]))
    assert inverted.returncode == 0 and "Success" in inverted.stdout, inverted.stdout


@pytest.fixture(scope="module")
def every_module(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every module generated, then a full-marks and an untouched submission autograded."""
    content = load_content()
    root = tmp_path_factory.mktemp("all")
    course = root / "autograder"
    env = fresh_course(course, root)
    keys = {}
    for module in content.modules.values():
        gen = nbgrader(course, env, "generate_assignment", module.id, "--force")
        assert gen.returncode == 0, gen.stderr
        release = root / "modules" / module.id / f"{module.id}.ipynb"
        keys[module.id] = {
            q: k.answer for q, k in load_keys(module, course / "keys").exercises.items()
        }
        for student, nb in (
            ("ace", answered(release, keys[module.id], "A considered answer.")),
            ("blank", json.loads(release.read_text())),
        ):
            dest = course / "submitted" / student / module.id / f"{module.id}.ipynb"
            dest.parent.mkdir(parents=True)
            dest.write_text(json.dumps(nb))
    for student in ("ace", "blank"):
        assert nbgrader(course, env, "db", "student", "add", student).returncode == 0
    for module in content.modules.values():
        assert nbgrader(course, env, "db", "assignment", "add", module.id).returncode == 0
    auto = nbgrader(course, env, "autograde", "*")
    return {"course": course, "keys": keys, "auto": auto, "content": content}


def test_every_module_grades_full_marks_and_zero(every_module: dict) -> None:
    course = every_module["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for module_id, key in every_module["keys"].items():
            ace = gb.find_submission(module_id, "ace")
            blank = gb.find_submission(module_id, "blank")
            auto_points = sum(
                e.points for e in every_module["content"].modules[module_id].exercises
            )
            assert ace.code_score == auto_points == len(key), module_id
            assert blank.code_score == 0, module_id
            assert ace.needs_manual_grade  # the reflection waits for the instructor
