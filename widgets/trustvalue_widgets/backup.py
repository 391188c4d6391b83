"""Keep all of a learner's work beyond one session: one file down, the same file back up.

"Download all my work" gathers every module's saved answers into one small
file (``trustvalue_course.learner_files.backup``); "Restore from a file" reads such a file in
the browser, sends it to Python as text, and Python checks it before anything
is written. The learner sees, activity by activity, which answers are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import traitlets as t

from trustvalue_course.content import Content, course_content
from trustvalue_course.learner_files.backup import (
    MAX_BYTES,
    BackupError,
    export,
    export_filename,
    restore,
)

from .base import CourseWidget, css, esm


def modules_dir(here: Path | None = None) -> Path:
    """The course's modules folder, seen from a module, the course map or an app folder."""
    here = here or Path.cwd()

    def has_modules(folder: Path) -> bool:
        return folder.is_dir() and any(
            p.is_dir() and p.name[:2].isdigit() for p in folder.iterdir()
        )

    if has_modules(here):
        return here
    if here.name[:2].isdigit() and has_modules(here.parent):
        return here.parent
    return here.parent / "modules"


class CourseBackup(CourseWidget):
    """Two buttons: download all my work; restore it from a file.

    It keeps no answers of its own (no activity id, so the base saves nothing):
    the Download button is the intent ``download``; the browser writes only
    ``upload``, which is checked here before anything is written.
    """

    kind = "backup"
    _intents: ClassVar[dict[str, str]] = {"download": "prepare_download"}
    _esm = esm("backup.js")
    _css = css("backup.css")

    upload = t.Dict(help="the browser writes {'name', 'text'} of the chosen file").tag(sync=True)
    _download = t.Dict().tag(sync=True)
    _result = t.Dict().tag(sync=True)
    _compact = t.Bool(False).tag(sync=True)
    _max_bytes = t.Int(MAX_BYTES).tag(sync=True)

    def __init__(
        self,
        *,
        compact: bool = False,
        content: Content | None = None,
        folder: Path | str | None = None,
        after_restore: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._content = content or course_content()
        self._folder = Path(folder) if folder is not None else modules_dir()
        self._after_restore = after_restore
        self._sent = 0
        super().__init__(_compact=compact, **kwargs)

    @t.validate("upload")
    def _only_text(self, proposal: dict[str, Any]) -> dict[str, Any]:
        value = proposal["value"]
        if not value:
            return {}
        text = value.get("text", "")
        return {
            "name": str(value.get("name", ""))[:200],
            "text": text if isinstance(text, str) else "",
        }

    def prepare_download(self) -> None:
        """Gather every saved answer into the file the browser then offers."""
        text = export(self._content, self._folder)
        self._sent += 1
        count = text.count('"saved_at"')
        self._download = {
            "name": export_filename(),
            "text": text,
            "seq": self._sent,
            "count": count,
        }

    @t.observe("upload")
    def _on_upload(self, change: dict[str, Any]) -> None:
        value = change["new"]
        if not value.get("name") and not value.get("text"):
            return
        with self.hold_sync():
            try:
                report = restore(value["text"], self._content, self._folder)
            except BackupError as exc:
                self._result = {"ok": False, "summary": str(exc), "rows": [], "file": value["name"]}
            except OSError as exc:
                self._result = {
                    "ok": False,
                    "summary": f"Your work could not be restored ({exc.strerror}); nothing has "
                    "changed. Try again, or tell your instructor.",
                    "rows": [],
                    "file": value["name"],
                }
            else:
                modules = {m.id: m for m in self._content.modules.values()}
                rows = []
                for d in report.decisions:
                    row = d.to_json()
                    row["where"] = f"Module {modules[d.module].number}: {d.title}"
                    rows.append(row)
                self._result = {
                    "ok": True,
                    "summary": report.summary
                    + (
                        " Run a module's cells again to see its restored answers."
                        if report.restored
                        else ""
                    ),
                    "rows": rows,
                    "file": value["name"],
                }
                if self._after_restore is not None and report.restored:
                    self._after_restore()
            self.upload = {}
