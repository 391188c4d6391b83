"""The registry of widget kinds: what an activity's ``widget:`` field may name.

Each kind says, in one place, what the rest of the course needs to know about it:

- ``title``: the heading an activity gets when its module file gives none;
- ``requires``: fields of the activity the kind cannot do without (kept below, with
  the schema that checks them: ``content/activity_kinds.py``);
- ``widget``: ``"module:Class"`` of the widget, whose ``for_activity(activity, ...)``
  builds it (imported only when a notebook asks for the widget, so the content
  schema and the build never import the front end);
- ``done``: whether a learner's saved answers show the activity finished.

The content schema (``content.models.Activity``) reads the kind names and their
required fields from ``content/activity_kinds.py``; ``trustvalue_widgets.activity()``,
the notebook build and the learner's progress (through :func:`activity_done`) read
:data:`KINDS`. Adding a kind is one widget file, one entry here and one line in
``content/activity_kinds.py``. The registry sits above the content and the learning
logic and imports both; they never import it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .content import Content
from .content.activity_kinds import KIND_NAMES, REQUIRED_FIELDS
from .content.models import Activity
from .learning.scoring import criteria_for


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    widget: str
    done: Callable[[Content, Activity, dict[str, Any]], bool]

    @property
    def requires(self) -> tuple[tuple[str, str], ...]:
        """The (field, why) pairs an activity of this kind must fill in."""
        return REQUIRED_FIELDS[self.name]

    def widget_class(self) -> Any:
        module, _, name = self.widget.partition(":")
        return getattr(importlib.import_module(module), name)


def _sorter_done(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    score = saved.get("score", {})
    return bool(score.get("total")) and score.get("placed") == score.get("total")


def _scorecard_done(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    if content.rubric is None:
        return False
    needed = {c.id for c in criteria_for(content.rubric, act.lens or "both")}
    return bool(saved.get("revealed")) and needed <= set(saved.get("scores", {}))


def _explored(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    return True  # any saved setting means the simulator was explored


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "sorter",
            "Activity: sort the statements",
            "trustvalue_widgets.sorter:StatementSorter",
            _sorter_done,
        ),
        Kind(
            "scorecard",
            "Activity: score the alliance",
            "trustvalue_widgets.scorecard:Scorecard",
            _scorecard_done,
        ),
        Kind(
            "spiral",
            "Activity: the spiral simulator",
            "trustvalue_widgets.spiral:SpiralSimulator",
            _explored,
        ),
    )
}
if tuple(KINDS) != KIND_NAMES:  # pragma: no cover - a kind added on one side only
    raise ImportError(f"kinds.KINDS {tuple(KINDS)} and content's KIND_NAMES {KIND_NAMES} differ")


def activity_done(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    """Whether the saved answers of ``act`` show the work finished (its kind decides)."""
    if not saved:
        return False
    return KINDS[act.widget].done(content, act, saved)
