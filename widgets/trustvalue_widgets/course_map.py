"""The course map: every module, what the learner has done, and where to go next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from trustvalue_course.content import Content, course_content
from trustvalue_course.kinds import activity_done
from trustvalue_course.learning.progress import course_progress, next_module

from .base import css, esm


def default_modules_dir() -> Path:
    """The modules folder: here (the map sits among the modules) or ../modules (an app)."""
    here = Path.cwd()
    if any(p.is_dir() and p.name[:2].isdigit() for p in here.iterdir()):
        return here
    return here.parent / "modules"


class CourseMap(anywidget.AnyWidget):
    """A table of modules with the learner's progress; Refresh reads the saved answers again."""

    _esm = esm("course_map.js")
    _css = css("course_map.css")

    refreshed = t.Int(0, help="the browser increments this to ask for a fresh reading").tag(
        sync=True
    )
    _modules = t.List(t.Dict()).tag(sync=True)
    _next = t.Dict().tag(sync=True)
    _links = t.Bool(True).tag(sync=True)

    def __init__(
        self,
        content: Content | None = None,
        modules_dir: Path | str | None = None,
        links: bool = True,
        **kwargs: Any,
    ) -> None:
        self._content = content or course_content()
        self._dir = Path(modules_dir) if modules_dir is not None else default_modules_dir()
        super().__init__(_links=links, **kwargs)
        self.refresh()

    def refresh(self) -> None:
        progress = course_progress(self._content, self._dir, activity_done)
        self._modules = [p.to_json() for p in progress]
        nxt = next_module(progress)
        self._next = nxt.to_json() if nxt else {}

    @t.observe("refreshed")
    def _on_refresh(self, change: dict[str, Any]) -> None:
        self.refresh()
