"""Multiple-choice questions marked as data, never by running a learner's code.

A learner answers a question by clicking in its widget, which saves the chosen
letter in ``saved-answers/<question>.json`` beside the notebook (see
:mod:`trustvalue_course.learner_files.store`). That file travels with the notebook through
``nbgrader submit`` and ``collect``. The grader reads it in its own process:

* :func:`read_answer` turns the file into a :class:`Reading`: answered (exactly
  one offered letter, as a plain string), not answered, or unreadable with the
  reason (damaged JSON, a letter that is not offered, a link out of the
  submission's folder, ...);
* :func:`mark` compares a reading with the instructor's key and words the
  result for the learner's feedback.

Nothing here imports, calls or evaluates anything from the submission.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..content.models import Exercise, ExerciseKey
from ..learner_files.store import FORMAT_VERSION, SAVE_FOLDER

MAX_ANSWER_BYTES = 64 * 1024  # a saved answer is a few hundred bytes; more is not an answer


@dataclass(frozen=True)
class Reading:
    """What a submission says about one question."""

    question_id: str
    letter: str | None = None  # set only when the answer is well formed
    problem: str = ""  # why the answer could not be read ("" when it could)

    @property
    def outcome(self) -> str:
        if self.letter is not None:
            return "answered"
        return "unreadable" if self.problem else "not answered"


@dataclass(frozen=True)
class Mark:
    """The marking of one question: points earned and the sentence the learner reads."""

    correct: bool
    text: str
    outcome: str  # "right", "wrong", "not answered" or "unreadable"


def answer_path(folder: Path, question_id: str) -> Path:
    return folder / SAVE_FOLDER / f"{question_id}.json"


def read_answer(folder: Path | str, question_id: str, letters: list[str]) -> Reading:
    """Read the answer to ``question_id`` saved in the submission ``folder``.

    Only a regular file inside ``folder`` (no link, in the file or its folder)
    counts, and only a JSON object of the saved-answers format whose ``answer``
    is exactly one of ``letters``.
    """
    folder = Path(folder)
    path = answer_path(folder, question_id)
    rel = f"{SAVE_FOLDER}/{path.name}"
    for part in (folder / SAVE_FOLDER, path):
        try:
            mode = os.lstat(part).st_mode
        except FileNotFoundError:
            return Reading(question_id)
        except OSError as exc:
            return Reading(question_id, problem=f"{rel} could not be read ({exc.strerror})")
        if stat.S_ISLNK(mode):
            return Reading(question_id, problem=f"{rel} is a link to another file, not an answer")
    if not stat.S_ISREG(mode):
        return Reading(question_id, problem=f"{rel} is not a file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_ANSWER_BYTES + 1)
    except OSError as exc:
        return Reading(question_id, problem=f"{rel} could not be read ({exc.strerror})")
    if len(raw) > MAX_ANSWER_BYTES:
        return Reading(question_id, problem=f"{rel} is too large to be a saved answer")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Reading(question_id, problem=f"{rel} is damaged (not valid JSON)")
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return Reading(question_id, problem=f"{rel} is not in the saved-answers format")
    if data.get("activity") != question_id:
        return Reading(question_id, problem=f"{rel} holds the answer to another question")
    answer = data.get("answer")
    if answer is None or answer == "":
        return Reading(question_id)
    if type(answer) is not str:
        return Reading(question_id, problem=f"{rel}: the answer is not a letter")
    if answer not in letters:
        shown = answer if len(answer) <= 20 else answer[:20] + "..."
        return Reading(
            question_id,
            problem=f"{rel}: {shown!r} is not one of the letters offered ({', '.join(letters)})",
        )
    return Reading(question_id, letter=answer)


def question_label(question_id: str) -> str:
    return f"Question {question_id[1:]}"


def mark(exercise: Exercise, reading: Reading, key: ExerciseKey) -> Mark:
    """Compare ``reading`` with ``key``; the text explains the result in plain words."""
    label = question_label(exercise.id)
    best = f"{key.answer} ({exercise.options[key.answer]})"
    if reading.letter is None:
        if reading.problem:
            return Mark(
                False,
                f"{label}: your answer could not be read: {reading.problem}. "
                f"The best answer is {best}. {key.why}",
                "unreadable",
            )
        return Mark(
            False,
            f"{label} was not answered. The best answer is {best}. {key.why}",
            "not answered",
        )
    chosen = f"{reading.letter} ({exercise.options[reading.letter]})"
    if reading.letter == key.answer:
        return Mark(True, f"\u2713 {label}: your answer {chosen} is right. {key.why}", "right")
    return Mark(
        False,
        f"{label}: your answer {chosen} is not the best answer; {best} is. {key.why}",
        "wrong",
    )
