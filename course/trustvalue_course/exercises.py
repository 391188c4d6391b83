"""Checks for graded exercises, with the four outcomes learners can meet.

* not attempted: the answer is still ``...`` or empty;
* cannot check: the answer is not one of the letters offered;
* recorded: a well-formed answer (its correctness comes with the graded feedback);
* incorrect, with the reason (hidden test, run only when the instructor grades).

A failed check raises an exception whose notebook display is one plain
sentence, not a Python traceback: learners here are managers, not programmers.
nbgrader still sees an error and gives the cell no points.
"""

from __future__ import annotations

from typing import Any

from .content import Content, course_content
from .models import Exercise


class ExerciseProblem(AssertionError):
    """A check that did not pass. Shown in a notebook as its message alone."""

    outcome = "problem"

    def _render_traceback_(self) -> list[str]:  # IPython's hook for custom tracebacks
        return [f"\u2717 {self}"]


class NotAttempted(ExerciseProblem):
    outcome = "not attempted"


class CannotCheck(ExerciseProblem):
    outcome = "cannot check"


class Incorrect(ExerciseProblem):
    outcome = "incorrect"


def normalise(value: Any) -> str | None:
    """The letter a learner meant, or None when nothing was typed."""
    if value is ... or value is None:
        return None
    if not isinstance(value, str):
        return "\0" + type(value).__name__
    text = value.strip().strip("\"'").strip().rstrip(".)").strip()
    return text.upper() if text else None


class Exercises:
    """The exercises of one module, for its notebook's check cells."""

    def __init__(self, module_id: str, content: Content | None = None) -> None:
        content = content or course_content()
        self.module = content.modules[module_id]
        self._by_id = {ex.id: ex for ex in self.module.exercises}

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    def check(self, exercise_id: str, value: Any) -> str:
        """Visible check: raises NotAttempted or CannotCheck; returns the letter."""
        ex = self[exercise_id]
        letters = list(ex.options)
        choice = normalise(value)
        number = exercise_id[1:]
        if choice is None:
            raise NotAttempted(
                f"Question {number} is not answered yet. In the cell above, replace the three dots "
                f'with your letter in quotes, for example {exercise_id} = "{letters[0]}", and run it.'
            )
        if choice.startswith("\0"):
            raise CannotCheck(
                f"Question {number}: the answer must be a letter in quotes, "
                f'for example {exercise_id} = "{letters[0]}".'
            )
        if choice not in ex.options:
            shown = choice if len(choice) <= 20 else choice[:20] + "..."
            raise CannotCheck(
                f"Question {number}: {shown!r} is not one of the letters offered "
                f"({', '.join(letters)}). Type one of them in quotes."
            )
        _show(
            f"\u2713 Question {number}: answer {choice} recorded "
            f"({ex.options[choice]}). It is marked when your work is graded."
        )
        return choice

    def grade(self, exercise_id: str, value: Any, *, answer: str, why: str) -> None:
        """Hidden test: raises Incorrect, with the reason, unless ``value`` is ``answer``."""
        choice = self.check(exercise_id, value)
        if choice != answer:
            ex = self[exercise_id]
            raise Incorrect(
                f"Question {exercise_id[1:]}: {choice} is not the best answer; "
                f"{answer} ({ex.options[answer]}) is. {why}"
            )


def _show(message: str) -> None:
    """Plain text output: nothing a learner typed is ever rendered as HTML."""
    print(message)
