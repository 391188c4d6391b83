"""A multiple-choice question answered by a click.

The options are a radio group; the learner chooses one and presses the button,
and the browser writes ``answer``. Python checks it (one of the offered
letters), saves it to ``saved-answers/<question>.json`` beside the notebook
(:mod:`trustvalue_course.learner_files.store`), which survives a kernel restart, a reopened
notebook and nbgrader's submit and collect; the grader reads that file as data.

Two editions, fixed by how the notebook was built, not by anything in the page:

* self-study (``make start``, Binder): the build writes the practice answers
  beside the notebook. After an answer the widget says right or wrong; a wrong
  answer may be tried once more, then the best answer and why are shown.
* instructor-led (released through nbgrader): there is no key in the learner's
  files or kernel. The widget records the answer (it can be changed until the
  work is submitted); correctness and the explanation come in the feedback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import traitlets as t

from trustvalue_course.content import course_content
from trustvalue_course.content.models import Exercise
from trustvalue_course.learner_files.store import AnswerStore

from .base import CourseWidget, css, esm

PRACTICE_FILE = ".practice-answers.json"
QUESTIONS_FILE = "questions.json"  # bank questions released with a graded assignment
FINISHED = ("right", "revealed")


class Question(CourseWidget):
    """One multiple-choice question, saved with the learner's work.

    The browser writes only ``answer`` (checked by :meth:`_valid_answer`); the
    base saves ``{"answer", "attempts"}`` to ``saved-answers/<question>.json``
    whenever it changes, and :meth:`_update` works out what the learner sees.
    """

    kind = "question"
    _answers = ("answer",)
    _saved_as: ClassVar[str] = "answer"
    _esm = esm("question.js")
    _css = css("question.css")

    answer = t.Unicode("", help="the letter the learner committed ('' before any)").tag(sync=True)

    # Plumbing for the front end (all plain text; the browser uses textContent).
    _label = t.Unicode("").tag(sync=True)
    _options = t.List(t.Dict()).tag(sync=True)
    _graded = t.Bool(False).tag(sync=True)
    _status = t.Unicode("unanswered").tag(sync=True)  # unanswered|recorded|right|retry|revealed
    _message = t.Unicode("").tag(sync=True)
    _key = t.Unicode("").tag(sync=True)  # the best answer, only once it may be shown
    _tried = t.List(t.Unicode()).tag(sync=True)

    def __init__(
        self,
        exercise: Exercise,
        *,
        key: dict[str, str] | None = None,
        store: AnswerStore | None = None,
        **kwargs: Any,
    ) -> None:
        self._exercise = exercise
        self._practice = key  # {"answer": ..., "why": ...} in the self-study edition only
        super().__init__(
            activity_id=exercise.id,
            store=store,
            _label=f"Question {exercise.id[1:]}",
            _options=[{"letter": k, "text": v} for k, v in exercise.options.items()],
            _graded=key is None,
            **kwargs,
        )

    # ------------------------------------------------------------------ public API

    @property
    def question_id(self) -> str:
        return self._exercise.id

    @property
    def status(self) -> str:
        return self._status

    def choose(self, letter: str) -> None:
        """Commit an answer, as the button in the browser does."""
        self.answer = letter

    # ------------------------------------------------------------------ plumbing

    @t.validate("answer")
    def _valid_answer(self, proposal: t.Bunch) -> str:
        value = proposal["value"]
        if value != "" and value not in self._exercise.options:
            raise t.TraitError(
                f"{value!r} is not one of the options {list(self._exercise.options)}"
            )
        closed = self._practice is not None and (self._status in FINISHED or value in self._tried)
        if value == "" or closed:
            # An answer is never taken back; a finished practice question (or a
            # letter already tried) stays as it was, and the browser is told so.
            if value != self.answer:
                self.send_state("answer")
            return self.answer
        return value

    @t.validate("_tried")
    def _valid_tried(self, proposal: t.Bunch) -> list[str]:
        return [x for x in proposal["value"] if x in self._exercise.options]

    def _saved_answers(self, record: dict[str, Any]) -> dict[str, Any]:
        tried = record.get("attempts", [])
        # Restored answer first: while nothing is tried yet, any offered letter is accepted.
        return {"answer": record.get("answer", ""), "attempts": tried}

    def _restore(self, answers: dict[str, Any]) -> None:
        super()._restore(answers)
        tried = answers["attempts"]
        if isinstance(tried, list):
            self._tried = [x for x in tried if isinstance(x, str)]

    def _on_answers_change(self, change: dict[str, Any]) -> None:
        with self.hold_sync():
            self._tried = [*self._tried, change["new"]]
            super()._on_answers_change(change)

    def _record(self) -> dict[str, Any]:
        return {"answer": self.answer, "attempts": list(self._tried)}

    def _update(self) -> None:
        """Status and message for the current answer, in this edition."""
        ex, letter = self._exercise, self.answer
        if not letter:
            self._status, self._message, self._key = "unanswered", "", ""
            return
        chosen = f"{letter} ({ex.options[letter]})"
        if self._practice is None:
            self._status, self._key = "recorded", ""
            self._message = (
                f"Your answer {chosen} is saved. You can change it until you hand in your work; "
                "it is marked, and explained, when your work is graded."
            )
            return
        best, why = self._practice["answer"], self._practice["why"]
        if letter == best:
            self._status, self._key = "right", best
            self._message = f"Your answer {chosen} is the best one. {why}"
        elif len(self._tried) < 2:
            self._status, self._key = "retry", ""
            self._message = (
                f"{chosen} is not the best answer. Read the question again and choose "
                "once more: after a second answer, the best one is shown with the reason."
            )
        else:
            self._status, self._key = "revealed", best
            self._message = (
                f"{chosen} is not the best answer either. The best answer is "
                f"{best} ({ex.options[best]}). {why}"
            )


def _practice_answers(folder: Path, module_id: str) -> dict[str, dict[str, str]]:
    """The self-study edition's explanations, if the build put them beside the notebook."""
    try:
        data = json.loads((folder / PRACTICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("module") != module_id:
        return {}
    questions = data.get("questions")
    return questions if isinstance(questions, dict) else {}


def _released_questions(folder: Path) -> dict[str, Exercise]:
    """Questions released with a graded assignment (an instructor's private bank)."""
    try:
        data = json.loads((folder / QUESTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {q["id"]: Exercise.model_validate(q) for q in data.get("questions", [])}


def questions(module_id: str, folder: Path | str | None = None) -> Callable[[str], Question]:
    """The question maker of one module's notebook: ``question = questions("02-...")``."""
    here = Path(folder) if folder is not None else Path.cwd()
    content = course_content()
    module = content.modules.get(module_id)
    known = {ex.id: ex for ex in module.exercises} if module else {}
    known.update(_released_questions(here))
    practice = _practice_answers(here, module_id)
    store = AnswerStore(here / "saved-answers")

    def question(question_id: str) -> Question:
        if question_id not in known:
            raise KeyError(f"module {module_id} has no question {question_id!r}")
        key = practice.get(question_id)
        ex = known[question_id]
        if key is not None and key.get("answer") not in ex.options:
            key = None
        return Question(ex, key=key, store=store)

    return question
