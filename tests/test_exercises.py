"""Graded exercises: the reference answers pass, every wrong answer fails with a reason,
and the four outcomes read as plain sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustvalue_course.build import load_keys
from trustvalue_course.content import Content
from trustvalue_course.exercises import CannotCheck, Exercises, Incorrect, NotAttempted

KEYS = Path(__file__).resolve().parents[1] / "autograder" / "keys"


def all_exercises(content: Content) -> list[tuple[str, str]]:
    return [(m.id, ex.id) for m in content.modules.values() for ex in m.exercises]


def test_every_module_has_keys_that_match_its_questions(content: Content) -> None:
    for module in content.modules.values():
        keys = load_keys(module, KEYS)
        assert set(keys.exercises) == {e.id for e in module.exercises}
        assert set(keys.reflections) == {r.id for r in module.reflections}


def test_reference_answers_pass_and_every_wrong_letter_fails(
    content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    checked = 0
    for module_id, ex_id in all_exercises(content):
        module = content.modules[module_id]
        key = load_keys(module, KEYS).exercises[ex_id]
        exercises = Exercises(module_id, content)
        exercises.grade(ex_id, key.answer, answer=key.answer, why=key.why)
        assert f"answer {key.answer} recorded" in capsys.readouterr().out
        for letter in exercises[ex_id].options:
            if letter != key.answer:
                with pytest.raises(Incorrect) as err:
                    exercises.grade(ex_id, letter, answer=key.answer, why=key.why)
                assert key.why in str(err.value)
                assert f"{key.answer} (" in str(err.value)
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("typed", [..., None, "", "   "])
def test_not_attempted(content: Content, typed: object) -> None:
    with pytest.raises(NotAttempted, match="not answered yet"):
        Exercises("02-two-perspectives", content).check("q1", typed)


@pytest.mark.parametrize("typed", ["E", "Trust", 2, ["A"]])
def test_cannot_check(content: Content, typed: object) -> None:
    with pytest.raises(CannotCheck):
        Exercises("02-two-perspectives", content).check("q1", typed)


@pytest.mark.parametrize("typed", ["b", " B ", '"B"', "B.", "b)"])
def test_forgiving_about_form(content: Content, typed: str) -> None:
    assert Exercises("02-two-perspectives", content).check("q1", typed) == "B"


def test_failure_shows_one_sentence_not_a_traceback(content: Content) -> None:
    with pytest.raises(NotAttempted) as err:
        Exercises("02-two-perspectives", content).check("q2", ...)
    rendered = err.value._render_traceback_()
    assert len(rendered) == 1 and rendered[0].startswith("\u2717 Question 2")
    assert "Traceback" not in rendered[0]
