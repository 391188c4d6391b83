"""Build the widget for a module activity from its id: the one call a notebook makes."""

from __future__ import annotations

from typing import Any

from trustvalue_course.content import course_content
from trustvalue_course.kinds import KINDS
from trustvalue_course.learner_files.store import AnswerStore


def activity(activity_id: str, *, presentation: bool = False, save_dir: str | None = None) -> Any:
    """The widget for ``activity_id``, with the learner's saved answers restored."""
    content = course_content()
    _module, act = content.activity(activity_id)
    widget = KINDS[act.widget].widget_class()
    return widget.for_activity(
        act, content=content, store=AnswerStore(save_dir), presentation=presentation
    )
