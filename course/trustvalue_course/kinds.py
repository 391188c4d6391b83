"""The registry of widget kinds: what an activity's ``widget:`` field may name.

Each kind says, in one place, what the rest of the course needs to know about it:

- ``title``: the heading an activity gets when its module file gives none;
- ``requires``: fields of the activity the kind cannot do without;
- ``widget``: ``"module:Class"`` of the widget, whose ``for_activity(activity, ...)``
  builds it (imported only when a notebook asks for the widget, so the content
  schema and the build never import the front end);
- ``done``: whether a learner's saved answers show the activity finished.

The content schema (``models.Activity.widget``), ``trustvalue_widgets.activity()``,
the notebook build and the learner's progress all read :data:`KINDS`. Adding a
kind is one widget file plus one entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import Content
    from .models import Activity


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    widget: str
    done: Callable[[Content, Activity, dict[str, Any]], bool]
    requires: tuple[tuple[str, str], ...] = ()  # (field, why) pairs

    def widget_class(self) -> Any:
        module, _, name = self.widget.partition(":")
        return getattr(importlib.import_module(module), name)


def _sorter_done(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    score = saved.get("score", {})
    return bool(score.get("total")) and score.get("placed") == score.get("total")


def _scorecard_done(content: Content, act: Activity, saved: dict[str, Any]) -> bool:
    from .scoring import criteria_for

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
            requires=(("scheme", "a sorter activity needs a scheme"),),
        ),
        Kind(
            "scorecard",
            "Activity: score the alliance",
            "trustvalue_widgets.scorecard:Scorecard",
            _scorecard_done,
            requires=(("case", "a scorecard activity needs a case (a case id, or 'own')"),),
        ),
        Kind(
            "spiral",
            "Activity: the spiral simulator",
            "trustvalue_widgets.spiral:SpiralSimulator",
            _explored,
        ),
    )
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
