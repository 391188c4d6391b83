"""Question answers travel in the backup file too, checked as offered letters only.

Self-study: a restored question is where the learner left it (answered, explained).
Instructor-led: a restore records the answers and reveals nothing: a right and a
wrong answer come back with the same words, and no key or explanation appears."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from trustvalue_course.content import Content
from trustvalue_course.learner_files.backup import BackupError, checksum, export, parse, restore
from trustvalue_course.learning.exercises import read_answer
from trustvalue_widgets.question import PRACTICE_FILE, questions

MODULE = "02-two-perspectives"
KEY = f"{MODULE}/q1"


def practice() -> dict:
    return json.loads((REPO / "modules" / MODULE / PRACTICE_FILE).read_text())["questions"]


def self_study(root: Path) -> Path:
    dest = root / MODULE
    shutil.copytree(REPO / "modules" / MODULE, dest)
    shutil.rmtree(dest / "saved-answers", ignore_errors=True)
    return dest


def graded(root: Path) -> Path:
    dest = root / MODULE
    dest.mkdir(parents=True)
    shutil.copy(REPO / "modules" / MODULE / f"{MODULE}.ipynb", dest)
    return dest


def wrong_letters(qid: str, content: Content) -> list[str]:
    options = content.modules[MODULE].exercises
    letters = next(list(ex.options) for ex in options if ex.id == qid)
    return [x for x in letters if x != practice()[qid]["answer"]]


def test_self_study_questions_come_back_answered_and_explained(
    content: Content, tmp_path: Path
) -> None:
    old = self_study(tmp_path / "old")
    question = questions(MODULE, old)
    q1 = question("q1")
    q1.choose(wrong_letters("q1", content)[0])
    q1.choose(practice()["q1"]["answer"])
    assert q1.status == "right"

    text = export(content, tmp_path / "old")
    assert json.loads(text)["activities"][KEY]["attempts"] == q1._tried

    new = self_study(tmp_path / "new")
    report = restore(text, content, tmp_path / "new")
    assert [(d.activity, d.title, d.kept) for d in report.decisions] == [
        (KEY, "Question 1", "file")
    ]
    again = questions(MODULE, new)("q1")
    assert (again.answer, again._tried, again.status) == (q1.answer, q1._tried, "right")
    assert practice()["q1"]["why"] in again._message


def test_instructor_led_restore_records_answers_and_reveals_nothing(
    content: Content, tmp_path: Path
) -> None:
    best = practice()["q1"]["answer"]
    wrong = wrong_letters("q2", content)[0]
    old = graded(tmp_path / "old")
    question = questions(MODULE, old)
    question("q1").choose(best)
    question("q2").choose(wrong)
    text = export(content, tmp_path / "old")
    for q in practice().values():
        assert q["why"] not in text

    new = graded(tmp_path / "new")
    report = restore(text, content, tmp_path / "new")
    messages = {d.activity: d.to_json() for d in report.decisions}
    # A right answer and a wrong one are restored with the same words.
    assert messages[KEY]["message"] == messages[f"{MODULE}/q2"]["message"]
    shown = json.dumps([d.to_json() for d in report.decisions]) + report.summary
    assert not any(w in shown.lower() for w in ("right", "wrong", "correct", "best"))
    for q in practice().values():
        assert q["why"] not in shown

    for qid, letter in (("q1", best), ("q2", wrong)):
        widget = questions(MODULE, new)(qid)
        assert (widget.answer, widget.status, widget._key) == (letter, "recorded", "")
        assert read_answer(new, qid, list("ABCD")).letter == letter  # the grader sees it


def resign(doc: dict) -> str:
    doc["checksum"] = checksum(doc)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rec: rec.update(answer="E"), "exactly one of"),
        (lambda rec: rec.update(answer="AB"), "exactly one of"),
        (lambda rec: rec.update(answer="a"), "exactly one of"),
        (lambda rec: rec.update(answer=["A"]), "exactly one of"),
        (lambda rec: rec.update(attempts=[]), "letters tried"),
        (lambda rec: rec.update(attempts=["Z", rec["answer"]]), "letters tried"),
        (lambda rec: rec.update(attempts=["B", "A"]), "letters tried"),  # the answer is B
        (lambda rec: rec.update(status="right", key="A"), "expected form"),
        (lambda rec: rec.update(activity="q2"), "expected form"),
        (lambda rec: rec.update(saved_at="<script>"), "date and time"),
    ],
)
def test_a_forged_question_answer_is_refused_and_changes_nothing(
    content: Content, tmp_path: Path, change, message: str
) -> None:
    old = graded(tmp_path / "old")
    questions(MODULE, old)("q1").choose("B")
    doc = json.loads(export(content, tmp_path / "old"))
    change(doc["activities"][KEY])
    new = graded(tmp_path / "new")
    with pytest.raises(BackupError, match=message):
        restore(resign(doc), content, tmp_path / "new")
    assert not (new / "saved-answers").exists()


def test_a_question_of_no_module_is_refused(content: Content, tmp_path: Path) -> None:
    old = graded(tmp_path / "old")
    questions(MODULE, old)("q1").choose("B")
    doc = json.loads(export(content, tmp_path / "old"))
    record = doc["activities"][KEY]
    for forged in (f"{MODULE}/q99", "q1", f"../{MODULE}/q1", f"{MODULE}/../q1"):
        doc["activities"] = {forged: record}
        with pytest.raises(BackupError, match="not an activity of this course"):
            parse(resign(doc), content)
