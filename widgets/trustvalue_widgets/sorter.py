"""The statement sorter: place scenario statements into categories.

The browser writes ``placements`` (statement id -> category id) and sends the
intents retry, reset and reveal; Python checks the placements, writes
``_feedback`` and ``score`` back, and saves the learner's work to
``saved-answers/<activity>.json``. Answers and explanations never travel to the
browser before the learner has placed a statement (or asked to see the answers).
"""

from __future__ import annotations

from typing import Any, ClassVar

import traitlets as t

from trustvalue_course.content import Content
from trustvalue_course.content.models import Activity, Scheme, Statement
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.sorting import check_all, clean_placements

from .base import CourseWidget, css, esm


class StatementSorter(CourseWidget):
    """Sort statements into the categories of one scheme, with explained feedback."""

    kind = "sorter"
    _answers = ("revealed", "placements")
    _intents: ClassVar[dict[str, str]] = {
        "retry": "retry",
        "reset": "reset",
        "reveal": "show_answers",
    }
    _esm = esm("sorter.js")
    _css = css("sorter.css")

    # Public state: what a learner did and how well.
    placements = t.Dict(t.Unicode(), help="statement id -> chosen category id").tag(sync=True)
    revealed = t.CBool(False, help="the learner asked to see every answer").tag(sync=True)
    score = t.Dict(read_only=True).tag(sync=True)

    # Plumbing for the front end.
    _title = t.Unicode("").tag(sync=True)
    _prompt = t.Unicode("").tag(sync=True)
    _categories = t.List(t.Dict()).tag(sync=True)
    _items = t.List(t.Dict()).tag(sync=True)
    _feedback = t.Dict().tag(sync=True)

    def __init__(
        self,
        statements: list[Statement],
        scheme: Scheme,
        *,
        activity_id: str | None = None,
        title: str | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
        **kwargs: Any,
    ) -> None:
        self._statements = list(statements)
        self._scheme = scheme
        super().__init__(
            activity_id=activity_id,
            store=store,
            presentation=presentation,
            _title=title or scheme.title,
            _prompt=scheme.prompt,
            _categories=[c.model_dump() for c in scheme.categories],
            _items=[{"id": s.id, "text": s.text, "context": s.context or ""} for s in statements],
            **kwargs,
        )

    @classmethod
    def _from_activity(
        cls, activity: Activity, content: Content, *, store: AnswerStore, presentation: bool
    ) -> StatementSorter:
        """The sorter of a module activity: its statements, and only the categories in play."""
        scheme = content.schemes[activity.scheme or ""]
        narrowed = (activity.where or {}).get(scheme.id)
        if narrowed:
            kept = [c for c in scheme.categories if c.id in narrowed]
            scheme = scheme.model_copy(update={"categories": kept})
        return cls(
            content.activity_statements(activity.id),
            scheme,
            activity_id=activity.id,
            title=activity.title,
            store=store,
            presentation=presentation,
        )

    # ------------------------------------------------------------------ public API

    @property
    def statements(self) -> list[Statement]:
        return list(self._statements)

    def place(self, statement_id: str, category_id: str) -> None:
        """Place one statement, as a click in the browser would."""
        self.placements = {**self.placements, statement_id: category_id}

    def retry(self) -> None:
        """Clear the wrong placements (and hide the answers) so they can be tried again."""
        wrong = {k for k, fb in self._feedback.items() if fb.get("correct") is False}
        with self.hold_trait_notifications():
            self.revealed = False
            self.placements = {k: v for k, v in self.placements.items() if k not in wrong}

    def reset(self) -> None:
        """Start the activity again from nothing."""
        with self.hold_trait_notifications():
            self.revealed = False
            self.placements = {}

    def show_answers(self) -> None:
        self.revealed = True

    # ------------------------------------------------------------------ plumbing

    @t.validate("placements")
    def _clean_placements(self, proposal: t.Bunch) -> dict[str, str]:
        return clean_placements(self._statements, self._scheme, proposal["value"])

    def _update(self) -> None:
        feedback, score = check_all(self._statements, self._scheme, self.placements, self.revealed)
        self._feedback = {k: fb.to_json() for k, fb in feedback.items()}
        self.set_trait(
            "score",
            {
                "correct": score.correct,
                "placed": score.placed,
                "total": score.total,
                "summary": score.summary(),
            },
        )

    def _record(self) -> dict[str, Any]:
        return {
            "kind": "sorter",
            "scheme": self._scheme.id,
            "placements": dict(self.placements),
            "revealed": self.revealed,
            "score": dict(self.score),
        }
