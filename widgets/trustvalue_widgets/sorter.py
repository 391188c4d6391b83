"""The statement sorter: place scenario statements into categories.

The browser writes ``placements`` (statement id -> category id) and
``revealed``; Python checks them, writes ``_feedback`` and ``score`` back, and
saves the learner's work to ``saved-answers/<activity>.json``. Answers and
explanations never travel to the browser before the learner has placed a
statement (or asked to see the answers).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets as t

from trustvalue_course.content import Content, course_content
from trustvalue_course.models import Scheme, Statement
from trustvalue_course.sorting import check_all, clean_placements
from trustvalue_course.store import AnswerStore

from ._shared import SavesAnswers, css, esm


class StatementSorter(SavesAnswers, anywidget.AnyWidget):
    """Sort statements into the categories of one scheme, with explained feedback."""

    _esm = esm("sorter.js")
    _css = css("sorter.css")

    # Public state: what a learner did and how well.
    placements = t.Dict(t.Unicode(), help="statement id -> chosen category id").tag(sync=True)
    revealed = t.Bool(False, help="the learner asked to see every answer").tag(sync=True)
    score = t.Dict(read_only=True).tag(sync=True)

    # Plumbing for the front end.
    _title = t.Unicode("").tag(sync=True)
    _prompt = t.Unicode("").tag(sync=True)
    _categories = t.List(t.Dict()).tag(sync=True)
    _items = t.List(t.Dict()).tag(sync=True)
    _feedback = t.Dict().tag(sync=True)
    _notice = t.Unicode("").tag(sync=True)
    _presentation = t.Bool(False).tag(sync=True)

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
        saved, notice = self._open_store(activity_id, store)
        super().__init__(
            _title=title or scheme.title,
            _prompt=scheme.prompt,
            _categories=[c.model_dump() for c in scheme.categories],
            _items=[{"id": s.id, "text": s.text, "context": s.context or ""} for s in statements],
            _presentation=presentation,
            _notice=notice,
            **kwargs,
        )
        self._restoring = True
        self.revealed = bool(saved.get("revealed", False))
        self.placements = clean_placements(self._statements, scheme, saved.get("placements", {}))
        self._restoring = False
        self._recheck()

    # ------------------------------------------------------------------ factories

    @classmethod
    def for_activity(
        cls,
        activity_id: str,
        *,
        content: Content | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
    ) -> StatementSorter:
        """The sorter of a module activity, as its module file describes it."""
        content = content or course_content()
        _module, act = content.activity(activity_id)
        if act.widget != "sorter" or act.scheme is None:
            raise ValueError(f"activity {activity_id!r} is a {act.widget}, not a sorter")
        return cls(
            content.activity_statements(activity_id),
            content.schemes[act.scheme],
            activity_id=activity_id,
            title=act.title,
            store=store or AnswerStore(),
            presentation=presentation,
        )

    # ------------------------------------------------------------------ public API

    @property
    def activity_id(self) -> str | None:
        return self._activity_id

    @property
    def statements(self) -> list[Statement]:
        return list(self._statements)

    def place(self, statement_id: str, category_id: str) -> None:
        """Place one statement, as a click in the browser would."""
        self.placements = {**self.placements, statement_id: category_id}

    def retry(self) -> None:
        """Clear the wrong placements (and hide the answers) so they can be tried again."""
        wrong = {k for k, fb in self._feedback.items() if fb.get("correct") is False}
        self.revealed = False
        self.placements = {k: v for k, v in self.placements.items() if k not in wrong}

    def reset(self) -> None:
        """Start the activity again from nothing."""
        self.revealed = False
        self.placements = {}

    def show_answers(self) -> None:
        self.revealed = True

    # ------------------------------------------------------------------ plumbing

    @t.observe("placements", "revealed")
    def _on_change(self, change: dict[str, Any]) -> None:
        if getattr(self, "_restoring", True):
            return
        cleaned = clean_placements(self._statements, self._scheme, self.placements)
        if cleaned != self.placements:
            self.placements = cleaned  # fires this observer again with clean data
            return
        self._recheck()
        self._save()

    def _recheck(self) -> None:
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

    def _save(self) -> None:
        self._write(
            {
                "kind": "sorter",
                "scheme": self._scheme.id,
                "placements": dict(self.placements),
                "revealed": self.revealed,
                "score": dict(self.score),
            }
        )
