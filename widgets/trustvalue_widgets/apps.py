"""Trainer apps for Voila: a whole screen built from one call, no code on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from trustvalue_course.content import Content, course_content
from trustvalue_course.store import AnswerStore

from .scorecard import Scorecard
from .sorter import StatementSorter
from .spiral import SpiralSimulator

APP_COUNT = 8  # statements per round: enough to discuss, few enough for one session


class SorterApp(w.VBox):
    """Pick a way of sorting, then walk the room through a round of statements."""

    def __init__(
        self,
        content: Content | None = None,
        save_dir: Path | str | None = None,
        count: int = APP_COUNT,
        **kwargs: Any,
    ) -> None:
        self._content = content or course_content()
        self._store = AnswerStore(save_dir)
        self._count = count
        options = [(s.title, s.id) for s in self._content.schemes.values()]
        self.chooser = w.Dropdown(
            options=options,
            value=options[0][1],
            description="Sort by:",
            layout=w.Layout(width="auto"),
        )
        self.chooser.add_class("tv-app-chooser")
        self.sorter = self._sorter(self.chooser.value)
        self.chooser.observe(self._switch, names="value")
        super().__init__([self.chooser, self.sorter], **kwargs)
        self.add_class("tv-app")

    def _sorter(self, scheme_id: str) -> StatementSorter:
        return StatementSorter(
            self._content.select(scheme_id, self._count),
            self._content.schemes[scheme_id],
            activity_id=f"app-sort-{scheme_id}".replace("_", "-"),
            store=self._store,
            presentation=True,
        )

    def _switch(self, change: dict[str, Any]) -> None:
        self.sorter = self._sorter(change["new"])
        self.children = (self.chooser, self.sorter)


class ScorecardApp(w.VBox):
    """Pick a case, score it with the room on both lenses, then reveal the reference."""

    def __init__(
        self, content: Content | None = None, save_dir: Path | str | None = None, **kwargs: Any
    ) -> None:
        self._content = content or course_content()
        self._store = AnswerStore(save_dir)
        options = [(f"{c.title} ({c.industry})", c.id) for c in self._content.cases.values()]
        self.chooser = w.Dropdown(
            options=options, value=options[0][1], description="Case:", layout=w.Layout(width="auto")
        )
        self.chooser.add_class("tv-app-chooser")
        self.scorecard = self._scorecard(self.chooser.value)
        self.chooser.observe(self._switch, names="value")
        super().__init__([self.chooser, self.scorecard], **kwargs)
        self.add_class("tv-app")

    def _scorecard(self, case_id: str) -> Scorecard:
        assert self._content.rubric is not None
        return Scorecard(
            self._content.rubric,
            self._content.cases[case_id],
            lens="both",
            activity_id=f"app-score-{case_id}",
            store=self._store,
            presentation=True,
        )

    def _switch(self, change: dict[str, Any]) -> None:
        self.scorecard = self._scorecard(change["new"])
        self.children = (self.chooser, self.scorecard)


def spiral_app(save_dir: Path | str | None = None) -> SpiralSimulator:
    """The simulator, projector-sized, with its settings kept between sessions."""
    return SpiralSimulator(activity_id="app-spiral", store=AnswerStore(save_dir), presentation=True)
