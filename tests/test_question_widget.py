"""The question widget, driven from Python by writing the trait the browser writes.

Self-study: right or wrong at once, one retry, then the answer and why.
Instructor-led: the answer is saved, nothing is revealed, no key is reachable.
Either way the answer is saved beside the notebook and comes back when reopened."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import traitlets

from conftest import REPO
from trustvalue_course.content import Content
from trustvalue_course.learning.exercises import read_answer
from trustvalue_widgets.question import PRACTICE_FILE, questions

MODULE = "02-two-perspectives"


@pytest.fixture
def self_study(tmp_path: Path) -> Path:
    """A copy of the self-study module folder, as Binder or `make start` opens it."""
    dest = tmp_path / MODULE
    shutil.copytree(REPO / "modules" / MODULE, dest)
    return dest


@pytest.fixture
def graded(tmp_path: Path) -> Path:
    """A copy of the instructor-led release: the notebook alone."""
    dest = tmp_path / "release" / MODULE
    dest.mkdir(parents=True)
    shutil.copy(REPO / "modules" / MODULE / f"{MODULE}.ipynb", dest)
    return dest


def practice(folder: Path) -> dict:
    return json.loads((folder / PRACTICE_FILE).read_text())["questions"]


def test_self_study_says_right_and_explains(self_study: Path) -> None:
    key = practice(self_study)["q1"]
    q = questions(MODULE, self_study)("q1")
    assert q.status == "unanswered" and q._key == "" and q._message == ""
    q.answer = key["answer"]  # what the browser writes when "Check my answer" is pressed
    assert q.status == "right" and q._key == key["answer"]
    assert key["why"] in q._message


def test_self_study_allows_one_retry_then_reveals(self_study: Path, content: Content) -> None:
    key = practice(self_study)["q3"]
    wrong = [x for x in content.modules[MODULE].exercises[2].options if x != key["answer"]]
    q = questions(MODULE, self_study)("q3")
    q.answer = wrong[0]
    assert q.status == "retry" and q._key == "" and key["why"] not in q._message
    q.answer = wrong[0]  # the same wrong letter again is refused
    assert q.answer == wrong[0] and q._tried == [wrong[0]]
    q.answer = wrong[1]
    assert q.status == "revealed" and q._key == key["answer"] and key["why"] in q._message
    q.answer = key["answer"]  # too late: a finished question stays as it was
    assert q.answer == wrong[1] and q.status == "revealed"


def test_graded_edition_records_without_revealing(graded: Path, content: Content) -> None:
    assert sorted(p.name for p in graded.iterdir()) == [f"{MODULE}.ipynb"]
    q = questions(MODULE, graded)("q2")
    assert q._graded
    for letter in content.modules[MODULE].exercises[1].options:
        q.answer = letter
        assert q.status == "recorded" and q._key == ""
        assert "is saved" in q._message and "right" not in q._message.lower()
    assert read_answer(graded, "q2", list("ABCD")).letter == q.answer


def test_the_answer_survives_a_restart(graded: Path, self_study: Path) -> None:
    questions(MODULE, graded)("q4").answer = "B"
    again = questions(MODULE, graded)("q4")  # a new kernel makes the widget afresh
    assert again.answer == "B" and again.status == "recorded"
    first = questions(MODULE, self_study)("q2")
    first.answer = "A"
    status = first.status
    restored = questions(MODULE, self_study)("q2")
    assert (restored.answer, restored.status, restored._tried) == ("A", status, ["A"])


def test_only_offered_letters_are_accepted(graded: Path) -> None:
    q = questions(MODULE, graded)("q1")
    for bad in ["E", "a", "AB", " A"]:
        with pytest.raises(traitlets.TraitError):
            q.answer = bad
    assert q.answer == "" and not (graded / "saved-answers" / "q1.json").exists()


def test_practice_answers_of_another_module_are_ignored(graded: Path) -> None:
    (graded / PRACTICE_FILE).write_text(
        json.dumps({"module": "03-trust-spiral", "questions": {"q1": {"answer": "A", "why": "x"}}})
    )
    assert questions(MODULE, graded)("q1")._graded


def test_a_damaged_save_is_noticed_not_fatal(graded: Path) -> None:
    (graded / "saved-answers").mkdir()
    (graded / "saved-answers" / "q1.json").write_text("{not json")
    q = questions(MODULE, graded)("q1")
    assert "damaged" in q._notice and q.answer == ""
    q.answer = "C"
    assert read_answer(graded, "q1", list("ABCD")).letter == "C"
