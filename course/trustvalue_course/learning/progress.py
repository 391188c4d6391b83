"""A learner's progress through the course, read from their saved widget answers.

Each module folder holds ``saved-answers/<activity>.json`` files written by
the widgets. An activity counts as done when its work is complete: every
statement placed, every criterion scored and compared, or the simulator used.
Each kind of activity says when it is done (``trustvalue_course.kinds.activity_done``,
the registry above this package); the caller passes that test in as ``done_test``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content import Content
from ..content.models import Activity, ModuleSpec
from ..learner_files.store import SAVE_FOLDER, AnswerStore
from .timing import module_minutes

Done = Callable[[Content, Activity, dict[str, Any]], bool]
"""Whether an activity's saved answers show it finished (``kinds.activity_done``)."""


@dataclass(frozen=True)
class ModuleProgress:
    id: str
    number: int
    title: str
    minutes: int  # computed from the module's content (timing.module_minutes)
    path: str  # the notebook, relative to the modules folder
    done: int
    started: int
    total: int

    @property
    def status(self) -> str:
        if self.total and self.done == self.total:
            return "done"
        return "started" if self.started else "not started"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "minutes": self.minutes,
            "path": self.path,
            "done": self.done,
            "started": self.started,
            "total": self.total,
            "status": self.status,
        }


def module_progress(
    content: Content, module: ModuleSpec, modules_dir: Path, done_test: Done
) -> ModuleProgress:
    store = AnswerStore(modules_dir / module.id / SAVE_FOLDER)
    done = started = 0
    for act in module.activities:
        path = store.path(act.id)
        if not path.exists():
            continue
        started += 1
        done += done_test(content, act, store.load(act.id).data)
    return ModuleProgress(
        module.id,
        module.number,
        module.title,
        module_minutes(content, module),
        f"{module.id}/{module.id}.ipynb",
        done,
        started,
        len(module.activities),
    )


def course_progress(
    content: Content, modules_dir: Path | str, done_test: Done
) -> list[ModuleProgress]:
    folder = Path(modules_dir)
    modules = sorted(content.modules.values(), key=lambda m: m.number)
    return [module_progress(content, m, folder, done_test) for m in modules]


def next_module(progress: list[ModuleProgress]) -> ModuleProgress | None:
    """The first module not yet done, preferring one already started."""
    for item in progress:
        if item.status == "started":
            return item
    return next((item for item in progress if item.status != "done"), None)
