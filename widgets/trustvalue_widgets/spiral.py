"""The spiral simulator: sliders for openness, patience, shared perspective and a
shock; a chart of trust, communication, shared perspective and value over time.

The model is plain Python (``trustvalue_course.learning.spiral``); this widget only
moves its parameters and sends the history, as numbers, to the browser, which
draws the chart (``static/spiral.js``). Slider settings are saved like any other
answer.
"""

from __future__ import annotations

import math
from typing import Any

import traitlets as t

from trustvalue_course.content import Content
from trustvalue_course.content.models import Activity
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.spiral import SpiralParams, direction, simulate
from trustvalue_course.learning.spiral_verdict import describe

from . import charts
from .base import CourseWidget, css, esm

MONTHS = 36
FIELDS = ("openness", "patience", "shared_perspective", "shock", "shock_month", "shock_size")


DIRECTION_IDS = {"spiralling in": "in", "spiralling out": "out"}  # spiral.direction() -> id


class SpiralSimulator(CourseWidget):
    """Move the sliders and watch the alliance spiral in or out."""

    kind = "spiral"
    _answers = FIELDS
    _saved_as = "settings"
    _esm = esm("spiral.js")
    _css = css("spiral.css")

    openness = t.Float(0.5).tag(sync=True)
    patience = t.Float(0.5).tag(sync=True)
    shared_perspective = t.Float(0.5).tag(sync=True)
    shock = t.Bool(False).tag(sync=True)
    shock_month = t.Int(12).tag(sync=True)
    shock_size = t.Float(0.5).tag(sync=True)

    _months = t.Int(MONTHS).tag(sync=True)
    # The chart's lines ({"id", "label", "colour", "dash", "levels"}: one level per month)
    # and the month of the shock (None without one), drawn by the browser.
    _series = t.List().tag(sync=True)
    _shock_at = t.Int(None, allow_none=True).tag(sync=True)
    _summary = t.Unicode("").tag(sync=True)
    _direction = t.Unicode("").tag(sync=True)  # spiral.direction()'s words
    _direction_id = t.Unicode("").tag(sync=True)  # "in" or "out", for the browser

    _FIELDS = FIELDS

    @classmethod
    def _from_activity(
        cls, activity: Activity, content: Content, *, store: AnswerStore, presentation: bool
    ) -> SpiralSimulator:
        return cls(activity_id=activity.id, store=store, presentation=presentation)

    @property
    def params(self) -> SpiralParams:
        return SpiralParams(
            openness=self.openness,
            patience=self.patience,
            shared_perspective=self.shared_perspective,
            shock_month=self.shock_month if self.shock else None,
            shock_size=self.shock_size,
            months=MONTHS,
        ).clamped()

    @t.validate("openness", "patience", "shared_perspective", "shock_size")
    def _unit(self, proposal: t.Bunch) -> float:
        value = float(proposal["value"])
        return min(1.0, max(0.0, 0.0 if math.isnan(value) else value))

    @t.validate("shock_month")
    def _month(self, proposal: t.Bunch) -> int:
        return min(MONTHS, max(1, int(proposal["value"])))

    def _update(self) -> None:
        params = self.params
        history = simulate(params)
        self._direction = direction(history)
        self._direction_id = DIRECTION_IDS[self._direction]
        self._summary = describe(history)
        self._series = charts.spiral_series(history)
        self._shock_at = params.shock_month

    def _saved_answers(self, record: dict[str, Any]) -> dict[str, Any]:
        settings = record.get("settings", {})
        return settings if isinstance(settings, dict) else {}

    def _record(self) -> dict[str, Any]:
        settings = {name: getattr(self, name) for name in FIELDS}
        return {"kind": "spiral", "settings": settings, "direction": self._direction}
