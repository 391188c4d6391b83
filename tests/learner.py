"""How a test learner answers graded questions: ONE place to change when that changes.

A learner answers a multiple-choice question by clicking an option of the
question's widget; the widget saves ``saved-answers/<question>.json`` beside the
notebook, and that file is what nbgrader submits and the grader reads. The
notebook itself is not changed by answering. Tests answer the same way: they
drive the real :class:`~trustvalue_widgets.question.Question` widgets of the
module folder from Python, writing the trait the browser writes.
"""

from __future__ import annotations

import json
from pathlib import Path

# The same, run by another account's Python (a student on the hub): argv is
# MODULE FOLDER '{"q1": "B", ...}'.
ANSWER_SCRIPT = """
import json, sys
from trustvalue_widgets.question import questions
ask = questions(sys.argv[1], sys.argv[2])
for qid, letter in json.loads(sys.argv[3]).items():
    ask(qid).choose(letter)
"""


def answer(module_id: str, folder: Path, answers: dict[str, str]) -> None:
    """Click ``answers`` ({question id: letter}) in the module notebook's folder ``folder``.

    Questions left out stay unanswered (no file is written for them).
    """
    from trustvalue_widgets.question import questions

    ask = questions(module_id, folder)
    for qid, letter in answers.items():
        ask(qid).choose(letter)


def answer_args(module_id: str, folder: Path | str, answers: dict[str, str]) -> list[str]:
    """Arguments for ``python`` that answer as :func:`answer` does, in another process."""
    return ["-c", ANSWER_SCRIPT, module_id, str(folder), json.dumps(answers)]
