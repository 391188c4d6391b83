"""Restoring a backup: the newer answers win, activity by activity, everything or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...content import Content
from ..store import AnswerStore
from .format import Backup, Decision, RestoreReport, module_store, read_record, stamp_time
from .parse import parse, saved_things


def _answers(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "saved_at"}


def plan(backup: Backup, content: Content, modules_dir: Path | str) -> list[Decision]:
    """What :func:`restore` would do with each activity of ``backup``; changes nothing."""
    folder = Path(modules_dir)
    known = saved_things(content)
    decisions = []
    for aid in sorted(backup.activities, key=list(known).index):
        thing = known[aid]
        module_id, title = thing.module, thing.title
        theirs = backup.activities[aid]
        ours = read_record(module_store(folder, module_id), thing.file_id)
        if ours is None:
            kept = "file"
        elif _answers(ours) == _answers(theirs):
            kept = "same"
        else:
            # The newer answers win; a tie (or an unreadable date) keeps the session's.
            newer = stamp_time(theirs["saved_at"]) > stamp_time(str(ours.get("saved_at", "")))
            kept = "file" if newer else "session"
        decisions.append(
            Decision(
                aid,
                module_id,
                title,
                kept,
                theirs["saved_at"],
                str(ours.get("saved_at", "")) if ours else "",
                thing.file_id,
            )
        )
    return decisions


def restore(
    text: str | bytes,
    content: Content,
    modules_dir: Path | str,
    *,
    _write: Callable[[Any, Any], None] | None = None,
) -> RestoreReport:
    """Validate a backup file and restore it into ``modules_dir``: everything or nothing.

    ``_write`` is handed to :meth:`AnswerStore.save` so that tests can make a
    save fail half-way through; normal callers leave it alone.
    """
    backup = parse(text, content)
    folder = Path(modules_dir)
    decisions = plan(backup, content, folder)
    done: list[tuple[AnswerStore, str, dict[str, Any] | None]] = []
    try:
        for d in decisions:
            if d.kept != "file":
                continue
            store = module_store(folder, d.module)
            file_id = d.file_id or d.activity
            before = read_record(store, file_id)
            if before is None and store.path(file_id).exists():
                store.load(file_id)  # a damaged file: moved aside and kept, as the widget would
            store.save(file_id, backup.activities[d.activity], _write=_write)
            done.append((store, file_id, before))
    except BaseException:
        for store, aid, before in reversed(done):
            if before is None:
                store.path(aid).unlink(missing_ok=True)
            else:
                store.save(aid, before)
        raise
    return RestoreReport(decisions)
