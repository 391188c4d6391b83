"""Where a learner's widget answers live: one small JSON file per activity.

Files sit in a ``saved-answers`` folder beside the notebook (the kernel's
working directory), so they survive a kernel restart, a reopened notebook and
``nbgrader submit``. Saving is atomic: the new content is written to a
temporary file in the same folder, flushed to disk, then renamed over the old
file, so a save interrupted at any point leaves either the old answers or the
new ones, never a broken file. A file that is damaged anyway (edited by hand,
say) is kept aside under a new name, never deleted.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAVE_FOLDER = "saved-answers"
FORMAT_VERSION = 1
_SAFE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class LoadResult:
    data: dict[str, Any]
    notice: str = ""


class AnswerStore:
    """Read and write saved answers for activities, atomically."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else Path.cwd() / SAVE_FOLDER

    def path(self, activity_id: str) -> Path:
        if not _SAFE.match(activity_id):
            raise ValueError(f"not a valid activity id: {activity_id!r}")
        return self.folder / f"{activity_id}.json"

    def load(self, activity_id: str) -> LoadResult:
        """The saved answers, or ``{}``. A damaged file is moved aside, with a notice."""
        path = self.path(activity_id)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadResult({})
        except OSError as exc:
            return LoadResult({}, f"Your saved answers could not be read ({exc.strerror}).")
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError("unexpected format")
        except ValueError:
            kept = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}.json")
            os.replace(path, kept)
            return LoadResult(
                {},
                f"Your saved answers file was damaged, so this activity starts afresh. "
                f"The damaged file is kept as {SAVE_FOLDER}/{kept.name}.",
            )
        return LoadResult(data)

    def save(
        self,
        activity_id: str,
        data: dict[str, Any],
        *,
        _write: Callable[[Any, Any], None] | None = None,
    ) -> Path:
        """Write ``data`` for ``activity_id`` atomically; returns the file's path.

        ``_write`` (serialise ``data`` into an open file) exists so that tests
        can interrupt a save half-way through; normal callers leave it alone.
        """
        path = self.path(activity_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {"version": FORMAT_VERSION, "activity": activity_id, "saved_at": _now(), **data}
        write = _write or (lambda obj, fh: json.dump(obj, fh, indent=1, sort_keys=True))
        fd, tmp = tempfile.mkstemp(prefix=f".{activity_id}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                write(record, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.folder)
        return path

    def activities(self) -> list[str]:
        """Ids of every activity with saved answers here."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if _SAFE.match(p.stem))


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems do not allow it
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
