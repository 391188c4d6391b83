"""The backup file's format: its constants, what a restore decides, shared helpers.

See :mod:`trustvalue_course.learner_files.backup` for the file itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..store import FORMAT_VERSION, SAVE_FOLDER, AnswerStore

FORMAT = "trustvalue-backup"
BACKUP_VERSION = 1
COURSE_ID = "trust-and-value-in-strategic-alliances"
MAX_BYTES = 256 * 1024  # a whole course of answers is about 20 KB
MAX_TEXT = 200  # characters in any one text field
MAX_ITEMS = 200  # entries in any one mapping

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{4}|Z)?$")

REFUSED = "This file was not restored, and nothing in this session has changed: "


class BackupError(ValueError):
    """A file that cannot be restored; ``str()`` is the learner's message."""


@dataclass(frozen=True)
class Decision:
    """What a restore does with one activity found in the file."""

    activity: str
    module: str
    title: str
    kept: str  # "file": the file's answers; "session": this session's; "same": identical
    file_saved_at: str
    session_saved_at: str = ""
    file_id: str = ""  # its file in saved-answers/, when not the activity id (a question)

    @property
    def message(self) -> str:
        if self.kept == "same":
            return "Already here: the session and the file hold the same answers."
        if self.kept == "file" and not self.session_saved_at:
            return f"Restored from your file (saved {human_stamp(self.file_saved_at)})."
        if self.kept == "file":
            return (
                f"Your file's answers are kept: they are newer (saved "
                f"{human_stamp(self.file_saved_at)}) than this session's "
                f"({human_stamp(self.session_saved_at)})."
            )
        return (
            f"This session's answers are kept: they are newer (saved "
            f"{human_stamp(self.session_saved_at)}) than your file's "
            f"({human_stamp(self.file_saved_at)})."
        )

    def to_json(self) -> dict[str, str]:
        return {
            "activity": self.activity,
            "module": self.module,
            "title": self.title,
            "kept": self.kept,
            "message": self.message,
        }


@dataclass(frozen=True)
class Backup:
    """A validated backup: activity id -> the saved record, as the widgets wrote it."""

    activities: dict[str, dict[str, Any]]
    created_at: str = ""
    course: str = COURSE_ID


@dataclass
class RestoreReport:
    decisions: list[Decision] = field(default_factory=list)

    @property
    def restored(self) -> list[Decision]:
        return [d for d in self.decisions if d.kept == "file"]

    @property
    def summary(self) -> str:
        n, total = len(self.restored), len(self.decisions)
        if not total:
            return "The file holds no saved answers, so nothing has changed."
        kept = total - n
        parts = [f"{n} {plural(n, 'activity', 'activities')} restored from your file"]
        if kept:
            parts.append(f"{kept} kept as they were in this session")
        return "Done: " + ", ".join(parts) + "."


def refuse(reason: str) -> BackupError:
    return BackupError(REFUSED + reason)


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def human_stamp(stamp: str) -> str:
    """``2026-11-29T14:05:00+0000`` -> ``2026-11-29 14:05``."""
    return stamp[:16].replace("T", " ") if stamp else "at an unknown time"


def stamp_time(stamp: str) -> datetime:
    """A saved_at stamp as an aware time (UTC when it names no zone); the epoch if unreadable."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            when = datetime.strptime(stamp, fmt)
        except ValueError:
            continue
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return datetime.min.replace(tzinfo=timezone.utc)


def module_store(modules_dir: Path, module_id: str) -> AnswerStore:
    return AnswerStore(modules_dir / module_id / SAVE_FOLDER)


def read_record(store: AnswerStore, activity_id: str) -> dict[str, Any] | None:
    """The saved record of an activity, or None; unlike ``load``, never moves a file."""
    try:
        data = json.loads(store.path(activity_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return None
    return data


def checksum(document: dict[str, Any]) -> str:
    """The checksum of a backup's fields (all but ``checksum`` itself)."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()
