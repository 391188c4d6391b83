"""How a test learner answers graded questions: ONE place to change when that changes.

Today a learner answers a multiple-choice question by typing a letter into the
question's answer cell (`q1 = "B"`) and saving the notebook. When the answer
widgets save answers as data (files in the module's saved-answers/ folder), only
``answer_files`` changes: callers write whatever files it returns.
"""

from __future__ import annotations

import copy


def answer_files(module_id: str, notebook: dict, answers: dict[str, str]) -> dict[str, dict]:
    """The files a learner's answers leave in their module folder, as {relative path: JSON}.

    ``notebook`` is the released notebook as fetched; ``answers`` maps question ids
    (``q1``) to the letter given. Questions left out stay unanswered.
    """
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        qid = grade_id.removesuffix("-answer")
        if grade_id.endswith("-answer") and cell["cell_type"] == "code" and qid in answers:
            cell["source"] = f'{qid} = "{answers[qid]}"\n'
    return {f"{module_id}.ipynb": nb}
