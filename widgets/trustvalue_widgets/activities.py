"""Build the widget for a module activity from its id: the one call a notebook makes."""

from __future__ import annotations

from typing import Any

from trustvalue_course.content import course_content
from trustvalue_course.store import AnswerStore

from .scorecard import Scorecard
from .sorter import StatementSorter
from .spiral import SpiralSimulator


def activity(activity_id: str, *, presentation: bool = False, save_dir: str | None = None) -> Any:
    """The widget for ``activity_id``, with the learner's saved answers restored."""
    content = course_content()
    _module, act = content.activity(activity_id)
    store = AnswerStore(save_dir)
    if act.widget == "sorter":
        return StatementSorter.for_activity(
            activity_id, content=content, store=store, presentation=presentation
        )
    if act.widget == "scorecard":
        return Scorecard.for_activity(
            activity_id, content=content, store=store, presentation=presentation
        )
    if act.widget == "spiral":
        return SpiralSimulator(activity_id=activity_id, store=store, presentation=presentation)
    raise ValueError(f"activity {activity_id!r}: no widget called {act.widget!r}")
