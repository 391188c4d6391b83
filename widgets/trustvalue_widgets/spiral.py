"""The spiral simulator: sliders for openness, patience, shared perspective and a
shock; a chart of trust, communication, shared perspective and value over time.

The model is plain Python (``trustvalue_course.spiral``); this widget only
moves its parameters and draws its history. Slider settings are saved like
any other answer.
"""

from __future__ import annotations

import math
from typing import Any

import anywidget
import traitlets as t

from trustvalue_course.spiral import SpiralParams, describe, direction, simulate
from trustvalue_course.store import AnswerStore

from . import charts
from ._shared import SavesAnswers, css, esm

MONTHS = 36


class SpiralSimulator(SavesAnswers, anywidget.AnyWidget):
    """Move the sliders and watch the alliance spiral in or out."""

    _esm = esm("spiral.js")
    _css = css("spiral.css")

    openness = t.Float(0.5).tag(sync=True)
    patience = t.Float(0.5).tag(sync=True)
    shared_perspective = t.Float(0.5).tag(sync=True)
    shock = t.Bool(False).tag(sync=True)
    shock_month = t.Int(12).tag(sync=True)
    shock_size = t.Float(0.5).tag(sync=True)

    _months = t.Int(MONTHS).tag(sync=True)
    _svg = t.Unicode("").tag(sync=True)
    _summary = t.Unicode("").tag(sync=True)
    _direction = t.Unicode("").tag(sync=True)
    _notice = t.Unicode("").tag(sync=True)
    _presentation = t.Bool(False).tag(sync=True)

    _FIELDS = ("openness", "patience", "shared_perspective", "shock", "shock_month", "shock_size")

    def __init__(
        self,
        *,
        activity_id: str | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
        **kwargs: Any,
    ) -> None:
        record, notice = self._open_store(activity_id, store)
        saved = record.get("settings", {})
        self._restoring = True
        super().__init__(_presentation=presentation, _notice=notice, **kwargs)
        for name in self._FIELDS:
            if name in saved:
                try:
                    setattr(self, name, saved[name])
                except t.TraitError:
                    pass  # an edited file with a wrong type: keep the default
        self._restoring = False
        self._run()

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

    def chart(self) -> Any:
        history = simulate(self.params)
        return charts.spiral_chart(history, self.params.shock_month, self._presentation)

    @t.observe(*_FIELDS)
    def _on_change(self, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        value = change["new"]
        if isinstance(value, float) and (math.isnan(value) or not 0 <= value <= 1):
            setattr(self, change["name"], min(1.0, max(0.0, 0.0 if math.isnan(value) else value)))
            return
        self._run()
        self._save()

    def _run(self) -> None:
        params = self.params
        history = simulate(params)
        self._direction = direction(history)
        self._summary = describe(history)
        self._svg = charts.to_svg(
            charts.spiral_chart(history, params.shock_month, self._presentation)
        )

    def _save(self) -> None:
        settings = {name: getattr(self, name) for name in self._FIELDS}
        self._write(
            {"kind": "spiral", "settings": settings, "direction": self._direction}, "settings"
        )
