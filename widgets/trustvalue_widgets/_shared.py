"""What every widget of the course shares: its front-end assets and its saving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trustvalue_course.store import AnswerStore

STATIC = Path(__file__).parent / "static"


def esm(name: str) -> str:
    """A widget's ES module, with the shared helpers in front (anywidget loads one module)."""
    return (
        (STATIC / "common.js").read_text(encoding="utf-8")
        + "\n"
        + (STATIC / name).read_text(encoding="utf-8")
    )


def css(name: str) -> str:
    return (
        (STATIC / "common.css").read_text(encoding="utf-8")
        + "\n"
        + (STATIC / name).read_text(encoding="utf-8")
    )


class SavesAnswers:
    """Mixin for widgets that keep a learner's work in ``saved-answers/<activity>.json``.

    A problem reading or writing is shown to the learner in ``_notice``; the
    widget itself keeps working.
    """

    _activity_id: str | None = None
    _store: AnswerStore | None = None
    _notice: Any

    def _open_store(self, activity_id: str | None, store: AnswerStore | None) -> tuple[dict, str]:
        """Remember where to save; return the saved answers and any notice about them."""
        self._activity_id = activity_id
        self._store = (store or AnswerStore()) if activity_id else None
        if self._store is None or activity_id is None:
            return {}, ""
        loaded = self._store.load(activity_id)
        return loaded.data, loaded.notice

    def _write(self, record: dict[str, Any], what: str = "answers") -> None:
        if self._store is None or self._activity_id is None:
            return
        failed = f"Your {what} could not be saved"
        try:
            self._store.save(self._activity_id, record)
        except OSError as exc:
            self._notice = f"{failed}: {exc.strerror}. Keep this tab open and tell your instructor."
        else:
            if self._notice.startswith(failed):
                self._notice = ""
