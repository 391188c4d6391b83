"""Writing a backup: every saved answer of the course in one small JSON file."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ...content import Content
from .format import (
    BACKUP_VERSION,
    COURSE_ID,
    FORMAT,
    BackupError,
    checksum,
    module_store,
    read_record,
)
from .parse import saved_things


def export(content: Content, modules_dir: Path | str) -> str:
    """Every saved answer of the course under ``modules_dir``, as one backup file's text."""
    folder = Path(modules_dir)
    activities: dict[str, dict[str, Any]] = {}
    for key, thing in saved_things(content).items():
        record = read_record(module_store(folder, thing.module), thing.file_id)
        if record is not None:
            try:
                activities[key] = thing.check(key, record)
            except BackupError:
                continue  # a hand-edited file the widget itself would not use
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": BACKUP_VERSION,
        "course": COURSE_ID,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "activities": activities,
    }
    document["checksum"] = checksum(document)
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def export_filename() -> str:
    return f"trust-and-value-my-work-{time.strftime('%Y-%m-%d')}.json"
