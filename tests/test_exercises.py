"""Multiple-choice answers read as data: the keys match the questions, a saved answer
counts only when it is exactly one offered letter, and every marking explains itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustvalue_course.content import Content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.exercises import MAX_ANSWER_BYTES, mark, read_answer

KEYS = Path(__file__).resolve().parents[1] / "autograder" / "keys"
LETTERS = ["A", "B", "C", "D"]


def test_every_module_has_keys_that_match_its_questions(content: Content) -> None:
    for module in content.modules.values():
        keys = load_keys(module, KEYS)
        assert set(keys.exercises) == {e.id for e in module.exercises}
        assert set(keys.reflections) == {r.id for r in module.reflections}


def saved(folder: Path, qid: str, answer: object, **extra: object) -> None:
    AnswerStore(folder / "saved-answers").save(qid, {"answer": answer, **extra})


def test_a_saved_letter_is_read(tmp_path: Path) -> None:
    saved(tmp_path, "q1", "C")
    reading = read_answer(tmp_path, "q1", LETTERS)
    assert (reading.letter, reading.outcome) == ("C", "answered")


def test_no_file_is_not_answered(tmp_path: Path) -> None:
    reading = read_answer(tmp_path, "q1", LETTERS)
    assert (reading.letter, reading.outcome, reading.problem) == (None, "not answered", "")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("b", "'b' is not one of the letters offered (A, B, C, D)"),
        ("E", "'E' is not one of the letters offered"),
        ("A ", "'A ' is not one"),
        ("AB", "'AB' is not one"),
        (["A"], "the answer is not a letter"),
        (1, "the answer is not a letter"),
        ({"letter": "A"}, "the answer is not a letter"),
    ],
)
def test_anything_but_one_offered_letter_is_unreadable(
    tmp_path: Path, answer: object, reason: str
) -> None:
    saved(tmp_path, "q1", answer)
    reading = read_answer(tmp_path, "q1", LETTERS)
    assert reading.letter is None and reading.outcome == "unreadable"
    assert reason in reading.problem


def test_damaged_linked_foreign_and_oversized_files_are_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "saved-answers"
    folder.mkdir()
    (folder / "q1.json").write_text('{"version": 1, "activity": "q1", "answer": "A"')
    assert "damaged" in read_answer(tmp_path, "q1", LETTERS).problem
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"version": 1, "activity": "q2", "answer": "A"}))
    (folder / "q2.json").symlink_to(other)
    assert "is a link" in read_answer(tmp_path, "q2", LETTERS).problem
    saved(tmp_path, "q3", "A", activity="q4")
    assert "another question" in read_answer(tmp_path, "q3", LETTERS).problem
    (folder / "q4.json").write_text(" " * (MAX_ANSWER_BYTES + 1))
    assert "too large" in read_answer(tmp_path, "q4", LETTERS).problem
    (folder / "q5.json").write_text(json.dumps({"version": 7, "activity": "q5", "answer": "A"}))
    assert "not in the saved-answers format" in read_answer(tmp_path, "q5", LETTERS).problem


def test_every_marking_names_the_best_answer_and_why(content: Content, tmp_path: Path) -> None:
    checked = 0
    for module in content.modules.values():
        keys = load_keys(module, KEYS)
        for ex in module.exercises:
            key = keys.exercises[ex.id]
            for letter in ex.options:
                saved(tmp_path, ex.id, letter)
                result = mark(ex, read_answer(tmp_path, ex.id, list(ex.options)), key)
                assert result.correct == (letter == key.answer)
                assert key.why in result.text
                assert f"your answer {letter} (" in result.text
                if letter != key.answer:
                    assert f"{key.answer} ({ex.options[key.answer]}) is." in result.text
            checked += 1
    assert checked >= 20


def test_the_grader_finds_every_question_and_key_of_every_module(content: Content) -> None:
    """What GradeFromAnswers marks against, for each assignment: the module's questions."""
    from trustvalue_course.grading.preprocessors import graded_questions

    for module in content.modules.values():
        found = graded_questions(module.id, KEYS)
        assert list(found) == [ex.id for ex in module.exercises], module.id
        for qid, q in found.items():
            assert q.key.answer in q.exercise.options, f"{module.id}/{qid}"
