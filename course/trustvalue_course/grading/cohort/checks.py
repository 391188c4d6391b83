"""Before grading, what a submission looks like; after, why it lost points.

Nothing here decides a grade: nbgrader grades; these remarks are for the instructor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUTPUT_LIMIT = 1_000_000  # bytes of saved output above which a notebook is flagged
SAVED_ANSWERS = "saved-answers"


def _graded_cells(nb: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(grade_id, cell_type, source) of each nbgrader cell, in order."""
    cells = []
    for cell in nb.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if meta.get("grade_id"):
            source = cell.get("source", "")
            cells.append(
                (
                    meta["grade_id"],
                    cell.get("cell_type", ""),
                    "".join(source) if isinstance(source, list) else source,
                )
            )
    return cells


def _output_bytes(nb: dict[str, Any]) -> int:
    return sum(
        len(json.dumps(cell.get("outputs", [])))
        for cell in nb.get("cells", [])
        if isinstance(cell, dict)
    )


def has_questions(release: Path) -> bool:
    """True when a released module has automatically graded questions (answered by the
    question widgets, which save to saved-answers/ beside the notebook)."""
    for path in release.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and cell.get("cell_type") == "code":
                return True
    return False


def inspect_submission(folder: Path, release: Path, uses_saved_answers: bool) -> list[str]:
    """What is wrong with a submitted module folder, compared with its released copy.

    Nothing here decides a grade: nbgrader grades (restoring locked cells from the
    source); these remarks tell the instructor what the learner's file looked like.
    """
    reasons: list[str] = []
    expected = sorted(p.name for p in release.glob("*.ipynb"))
    for name in expected:
        path = folder / name
        if not path.exists():
            others = sorted(p.name for p in folder.glob("*.ipynb"))
            found = f" (found {', '.join(others)})" if others else ""
            reasons.append(f"wrong file name: no {name}{found}")
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            where = f" at line {err.lineno}, column {err.colno}" if hasattr(err, "lineno") else ""
            reasons.append(f"not valid JSON{where}")
            continue
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            reasons.append("not a notebook (no list of cells)")
            continue
        released = json.loads((release / name).read_text(encoding="utf-8"))
        reasons += _compare_cells(_graded_cells(nb), _graded_cells(released))
        extra = len(nb["cells"]) - len(released["cells"])
        if extra > 0:
            reasons.append(f"{extra} extra cell{'s' if extra > 1 else ''}")
        size = _output_bytes(nb)
        if size > OUTPUT_LIMIT:
            reasons.append(f"{size / 1e6:.1f} MB of saved output (cleared before grading)")
    # The answers are the files in saved-answers/: one that is damaged or not an answer
    # is reported by the grader, question by question (explain_score).
    if uses_saved_answers and not (folder / SAVED_ANSWERS).is_dir():
        reasons.append("no saved answers")
    return reasons


def _compare_cells(got: list[tuple[str, str, str]], want: list[tuple[str, str, str]]) -> list[str]:
    reasons = []
    got_ids = [g[0] for g in got]
    want_types = {w[0]: w[1] for w in want}
    want_sources = {w[0]: w[2] for w in want}
    missing = [w[0] for w in want if w[0] not in got_ids]
    if missing:
        reasons.append(f"deleted cells: {', '.join(missing)}")
    present = [i for i in got_ids if i in want_types]
    if present != [w[0] for w in want if w[0] in present]:
        reasons.append("cells reordered")
    retyped = [f"{i} ({t}, not {want_types[i]})" for i, t, _ in got if want_types.get(i, t) != t]
    if retyped:
        reasons.append(f"retyped cells: {', '.join(retyped)}")
    emptied = [i for i, _, s in got if not s.strip() and want_sources.get(i, "").strip()]
    if emptied:
        reasons.append(f"emptied cells: {', '.join(emptied)}")
    return reasons


# How the course's grader (trustvalue_course.grading.GradeFromAnswers) marks a question
# it could not give its point: the error output's name, and the sentence it writes.
OUTCOMES = {"Incorrect": "wrong answer", "NotAnswered": "not answered"}
_UNREADABLE = ": your answer could not be read: "


def explain_score(autograded: Path) -> list[str]:
    """Why points were lost, as the grader recorded it in each question cell's output:
    ``q3: wrong answer``, ``q1: not answered``, ``q2: unreadable: <why>``."""
    reasons = []
    for path in sorted(autograded.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not (meta.get("grade") and cell["cell_type"] == "code"):
                continue
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if not errors:
                continue
            name, text = errors[-1].get("ename", ""), str(errors[-1].get("evalue", ""))
            if name in OUTCOMES:
                reason = OUTCOMES[name]
            elif _UNREADABLE in text:
                why = text.split(_UNREADABLE, 1)[1].split(". The best answer is ", 1)[0]
                reason = f"unreadable: {why}"
            else:  # anything else the grader wrote: its first sentence
                reason = f"{name}: {text.split('. ', 1)[0]}".strip(": ")
            reasons.append(f"{meta['grade_id']}: {reason[:200]}")
    return reasons
