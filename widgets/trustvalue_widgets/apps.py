"""Trainer apps for Voila: a whole screen built from one call, no code on the page.

Every app starts fresh: it keeps its answers in memory, for this page view
only, never in ``saved-answers`` (the next group must not open on the last
group's work). Each has a visible "Start again" button. Apps that depend on
what the trainer picked in the gallery read it from the page's address.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w

from trustvalue_course.content import Content, course_content
from trustvalue_course.learning.scoring import Comparison
from trustvalue_course.learning.timing import module_minutes

from .scorecard import Scorecard
from .sorter import StatementSorter
from .spiral import SpiralSimulator

APP_COUNT = 8  # statements per round: enough to discuss, few enough for one session
FRIENDLY = (
    "This app could not start. Go back to the list of apps and pick it again; "
    "if it keeps happening, restart the server with make present."
)


def page_query() -> dict[str, str]:
    """The query of the Voila page's address (``?case=...``), first value of each key."""
    raw = os.environ.get("QUERY_STRING", "")
    return {k: v[0] for k, v in parse_qs(raw).items() if v}


def friendly(build: Callable[[], Any]) -> Any:
    """The app ``build`` makes, or a short message instead of a traceback."""
    try:
        return build()
    except Exception:
        box = w.HTML()
        box.value = f'<p class="tv-app-error" role="alert">{FRIENDLY}</p>'
        return box


class _FreshApp(w.VBox):
    """An app bar (chooser + Start again) over one widget that is rebuilt on demand."""

    def __init__(
        self,
        name: str,
        choices: list[tuple[str, str]] | None = None,
        first: str = "",
        label: str = "",
        **kwargs: Any,
    ) -> None:
        chooser = None
        if choices:
            chooser = w.Dropdown(
                options=choices, value=first, description=label, layout={"width": "auto"}
            )
        self.chooser = chooser
        self.reset_button = w.Button(description="Start again", tooltip="Clear every answer")
        self.reset_button.add_class("tv-app-reset")
        self.reset_button.on_click(lambda _b: self.reset())
        bar = [c for c in (chooser, self.reset_button) if c is not None]
        self.bar = w.HBox(bar)
        self.bar.add_class("tv-app-bar")
        self.body = self._build()
        if chooser is not None:
            chooser.add_class("tv-app-chooser")
            chooser.observe(lambda _c: self.reset(), names="value")
        super().__init__([self.bar, self.body], **kwargs)
        self.add_class("tv-app")
        self.add_class(name)

    def _build(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def reset(self) -> None:
        """Start again from nothing (and show the chooser's current pick)."""
        self.body = self._build()
        self.children = (self.bar, self.body)


class SorterApp(_FreshApp):
    """Pick a way of sorting, then walk the room through a round of statements."""

    def __init__(
        self, content: Content | None = None, count: int = APP_COUNT, **kwargs: Any
    ) -> None:
        self._content = content or course_content()
        self._count = count
        options = [(s.title, s.id) for s in self._content.schemes.values()]
        super().__init__("tv-app-sorter", options, options[0][1], "Sort by:", **kwargs)

    @property
    def sorter(self) -> StatementSorter:
        return self.body

    def _build(self) -> StatementSorter:
        scheme_id = self.chooser.value if self.chooser is not None else ""
        return StatementSorter(
            self._content.select(scheme_id, self._count),
            self._content.schemes[scheme_id],
            presentation=True,
        )


class AnsweredOnlyScorecard(Scorecard):
    """A scorecard whose comparison shows the reference only for criteria already scored."""

    @property
    def comparison(self) -> Comparison:
        comp = super().comparison
        rows = [
            r
            if r.learner is not None
            else dataclasses.replace(r, reference=None, reason=None, gap=None)
            for r in comp.rows
        ]
        return dataclasses.replace(comp, rows=rows)


class ScorecardApp(_FreshApp):
    """Pick a case, score it with the room on both lenses, then reveal the reference."""

    def __init__(
        self, content: Content | None = None, case: str | None = None, **kwargs: Any
    ) -> None:
        self._content = content or course_content()
        options = [(f"{c.title} ({c.industry})", c.id) for c in self._content.cases.values()]
        first = case if case in self._content.cases else options[0][1]
        super().__init__("tv-app-scorecard", options, first, "Case:", **kwargs)

    @property
    def scorecard(self) -> Scorecard:
        return self.body

    def _build(self) -> Scorecard:
        assert self._content.rubric is not None
        case_id = self.chooser.value if self.chooser is not None else ""
        return AnsweredOnlyScorecard(
            self._content.rubric, self._content.cases[case_id], lens="both", presentation=True
        )


class SpiralApp(_FreshApp):
    """The simulator, projector-sized, starting from the same settings every time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("tv-app-spiral", **kwargs)

    @property
    def simulator(self) -> SpiralSimulator:
        return self.body

    def _build(self) -> SpiralSimulator:
        return SpiralSimulator(presentation=True)


def spiral_app() -> SpiralApp:
    return SpiralApp()


def scorecard_app(content: Content | None = None) -> ScorecardApp:
    """The scorecard for the case named in the page's address (``?case=<id>``)."""
    return ScorecardApp(content, case=page_query().get("case"))


def course_map_app(content: Content | None = None) -> w.HTML:
    """Every module with its time and activities, and no one's progress.

    The learners' course map reads saved answers from the machine it runs on; on
    the trainer's projector that would show the trainer's own progress.
    """
    content = content or course_content()
    rows = []
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        acts = "; ".join(escape(_activity_name(content, a)) for a in module.activities)
        rows.append(
            f"<tr><td>{module.number}</td><td>{escape(module.title)}</td>"
            f"<td>{module_minutes(content, module)} min</td><td>{acts}</td></tr>"
        )
    table = (
        '<div class="tv-course-overview"><h2>The course, module by module</h2><table>'
        "<thead><tr><th>#</th><th>Module</th><th>Time</th><th>Activities</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    app = w.HTML(value=table)
    app.add_class("tv-app-map")
    return app


def _activity_name(content: Content, act: Any) -> str:
    if act.title:
        return act.title
    if act.widget == "spiral":
        return "Trust spiral simulator"
    if act.widget == "scorecard":
        case = content.cases.get(act.case or "")
        return f"Scorecard: {case.title}" if case else "Scorecard: your own alliance"
    if act.scheme in content.schemes:
        return content.schemes[act.scheme].title
    return act.widget.replace("_", " ").capitalize()
