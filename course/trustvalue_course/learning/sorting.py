"""Checking a learner's sorting of scenario statements.

Pure functions with no widget in sight: the sorter widget calls them, the
tests call them, and so would any other front end.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..content.models import Scheme, Statement


@dataclass(frozen=True)
class Feedback:
    """What the learner sees after placing one statement (or asking for answers)."""

    statement_id: str
    chosen: str | None
    correct: bool | None  # None when the learner did not place it (answer only revealed)
    answer: str
    answer_label: str
    verdict: str
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Score:
    correct: int
    placed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.placed == self.total

    def summary(self) -> str:
        if self.placed == 0:
            return f"{self.total} statements to sort."
        text = f"{self.correct} of {self.placed} placed correctly"
        if not self.complete:
            text += f"; {self.total - self.placed} still to place"
        return text + "."


def check_placement(statement: Statement, scheme: Scheme, chosen: str | None) -> Feedback:
    """Feedback for one statement; ``chosen`` None means reveal the answer only."""
    answer = statement.answers[scheme.id]
    label = scheme.category(answer).label
    if chosen is None:
        verdict = f"Answer: {label}."
        correct = None
    elif chosen == answer:
        verdict = f"Correct: {label}."
        correct = True
    else:
        try:
            chosen_label = scheme.category(chosen).label
        except KeyError:
            chosen_label = chosen
        verdict = f"Not quite: you chose {chosen_label}; it is {label}."
        correct = False
    return Feedback(statement.id, chosen, correct, answer, label, verdict, statement.explanation)


def check_all(
    statements: list[Statement],
    scheme: Scheme,
    placements: dict[str, str],
    reveal: bool = False,
) -> tuple[dict[str, Feedback], Score]:
    """Feedback for every placed statement (and every statement, if revealing)."""
    feedback: dict[str, Feedback] = {}
    correct = placed = 0
    valid = set(scheme.category_ids)
    for st in statements:
        chosen = placements.get(st.id)
        if chosen in valid:
            fb = check_placement(st, scheme, chosen)
            placed += 1
            correct += bool(fb.correct)
            feedback[st.id] = fb
        elif reveal:
            feedback[st.id] = check_placement(st, scheme, None)
    return feedback, Score(correct, placed, len(statements))


def clean_placements(
    statements: list[Statement], scheme: Scheme, placements: dict[str, Any]
) -> dict[str, str]:
    """Keep only placements of known statements into known categories."""
    ids = {s.id for s in statements}
    valid = set(scheme.category_ids)
    return {k: v for k, v in placements.items() if k in ids and isinstance(v, str) and v in valid}
