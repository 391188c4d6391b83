"""All of a learner's saved work in one small file, and back again.

A Binder session is thrown away after a short idle spell, and with it every
``saved-answers/<activity>.json`` beside the module notebooks. ``export``
gathers them, for every module of the course, into one JSON document::

    {"format": "trustvalue-backup", "version": 1, "course": COURSE_ID,
     "created_at": "...", "activities": {"<activity id>": {<saved record>},
                                         "<module id>/<question id>": {<saved answer>}},
     "checksum": "sha256:<hex of the canonical JSON of the fields above>"}

``restore`` reads such a file back on a fresh session. The file is data only:
it is parsed as JSON (never executed, never rendered as HTML), checked
against a fixed schema (known activity and question ids only, the record shape
each widget writes, plain text without markup; a question's answer exactly one
of its offered letters), and a file that fails any check is
refused with one plain message before anything is written. Where the session
already holds an answer for an activity, the newer of the two (by its
``saved_at``) is kept, and the learner is told which, activity by activity.
Writing uses :class:`~trustvalue_course.store.AnswerStore`'s atomic saves;
if one save fails, the ones already made are put back, so a restore changes
everything or nothing.

Question answers are checked against the offered letters only, never against a
key (this module reads none): restoring a right answer and a wrong one look the
same, so in the instructor-led edition a restore reveals nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .content import Content
from .models import Activity, Exercise
from .store import FORMAT_VERSION, SAVE_FOLDER, AnswerStore

FORMAT = "trustvalue-backup"
BACKUP_VERSION = 1
COURSE_ID = "trust-and-value-in-strategic-alliances"
MAX_BYTES = 256 * 1024  # a whole course of answers is about 20 KB
MAX_TEXT = 200  # characters in any one text field
MAX_ITEMS = 200  # entries in any one mapping

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{4}|Z)?$")
# Anything a browser could read as markup or a script address.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|data\s*:\s*text/html", re.IGNORECASE)

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
            return f"Restored from your file (saved {_human(self.file_saved_at)})."
        if self.kept == "file":
            return (
                f"Your file's answers are kept: they are newer (saved "
                f"{_human(self.file_saved_at)}) than this session's "
                f"({_human(self.session_saved_at)})."
            )
        return (
            f"This session's answers are kept: they are newer (saved "
            f"{_human(self.session_saved_at)}) than your file's "
            f"({_human(self.file_saved_at)})."
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
        parts = [f"{n} {_plural(n, 'activity', 'activities')} restored from your file"]
        if kept:
            parts.append(f"{kept} kept as they were in this session")
        return "Done: " + ", ".join(parts) + "."


# ---------------------------------------------------------------------------- reading


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _human(stamp: str) -> str:
    """``2026-11-29T14:05:00+0000`` -> ``2026-11-29 14:05``."""
    return stamp[:16].replace("T", " ") if stamp else "at an unknown time"


def _when(stamp: str) -> datetime:
    """A saved_at stamp as an aware time (UTC when it names no zone); the epoch if unreadable."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            when = datetime.strptime(stamp, fmt)
        except ValueError:
            continue
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return datetime.min.replace(tzinfo=timezone.utc)


def _module_store(modules_dir: Path, module_id: str) -> AnswerStore:
    return AnswerStore(modules_dir / module_id / SAVE_FOLDER)


def _read_record(store: AnswerStore, activity_id: str) -> dict[str, Any] | None:
    """The saved record of an activity, or None; unlike ``load``, never moves a file."""
    try:
        data = json.loads(store.path(activity_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return None
    return data


@dataclass(frozen=True)
class Saved:
    """Something of a module that saves a learner's answers: an activity or a question."""

    module: str
    file_id: str  # its file in the module's saved-answers folder: <file_id>.json
    title: str
    check: Callable[[str, dict[str, Any]], dict[str, Any]]


def _saved_things(content: Content) -> dict[str, Saved]:
    """Everything that saves answers, module by module: backup key -> what it is.

    An activity's key is its id; a question's is ``<module id>/<question id>``
    (question ids repeat from module to module).
    """
    known: dict[str, Saved] = {}
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        for act in module.activities:
            if act.widget in SHAPES:
                title = act.title or DEFAULT_TITLES[act.widget]
                known[act.id] = Saved(
                    module.id, act.id, title, lambda aid, rec, a=act: _check_record(aid, a, rec)
                )
        for ex in module.exercises:
            known[f"{module.id}/{ex.id}"] = Saved(
                module.id,
                ex.id,
                f"Question {ex.id[1:]}",
                lambda key, rec, e=ex: _check_question(key, e, rec),
            )
    return known


def checksum(document: dict[str, Any]) -> str:
    """The checksum of a backup's fields (all but ``checksum`` itself)."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def export(content: Content, modules_dir: Path | str) -> str:
    """Every saved answer of the course under ``modules_dir``, as one backup file's text."""
    folder = Path(modules_dir)
    activities: dict[str, dict[str, Any]] = {}
    for key, thing in _saved_things(content).items():
        record = _read_record(_module_store(folder, thing.module), thing.file_id)
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


# ---------------------------------------------------------------------------- validating


def _refuse(reason: str) -> BackupError:
    return BackupError(REFUSED + reason)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _refuse(f"{where} should be a short text.")
    if _MARKUP.search(value) or any(ord(c) < 32 and c not in "\t\n" for c in value):
        raise _refuse(
            f"{where} contains markup or control characters, which a saved answer never has."
        )
    return value


def _ident(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise _refuse(f"{where} should be an id (lower-case letters, digits and dashes).")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(f"{where} should be true or false.")
    return value


def _number(value: Any, where: str, lo: float, hi: float, integer: bool = False) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not math.isfinite(value) or not lo <= value <= hi:
        kind = "a whole number" if integer else "a number"
        raise _refuse(f"{where} should be {kind} from {lo:g} to {hi:g}.")
    return value


def _scalar(value: Any, where: str) -> Any:
    """Plain data: true/false, a finite number or a short plain text."""
    if isinstance(value, str):
        return _text(value, where)
    if not isinstance(value, (bool, int, float)) or not math.isfinite(value):
        raise _refuse(f"{where} should be a number or a short text.")
    return value


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) > MAX_ITEMS:
        raise _refuse(f"{where} should be a list of named entries.")
    return value


def _sorter(aid: str, act: Activity, rec: dict[str, Any]) -> None:
    if _ident(rec.get("scheme"), f"{aid}: scheme") != act.scheme:
        raise _refuse(f"{aid}: the answers are for another way of sorting.")
    for sid, cat in _mapping(rec.get("placements", {}), f"{aid}: placements").items():
        _ident(sid, f"{aid}: a statement")
        _ident(cat, f"{aid}: the category of {sid}")
    score = _mapping(rec.get("score", {}), f"{aid}: score")
    for key, value in score.items():
        _scalar(value, f"{aid}: score {_ident(key, f'{aid}: score')}")


def _scorecard(aid: str, act: Activity, rec: dict[str, Any]) -> None:
    _ident(rec.get("case"), f"{aid}: case")
    if rec.get("lens", "both") not in ("elements", "contrasts", "both"):
        raise _refuse(f"{aid}: lens should be elements, contrasts or both.")
    for cid, value in _mapping(rec.get("scores", {}), f"{aid}: scores").items():
        _ident(cid, f"{aid}: a criterion")
        _number(value, f"{aid}: the score of {cid}", 0, 4, integer=True)
    _text(rec.get("title", ""), f"{aid}: title", 120)


SPIRAL_SETTINGS = {
    "openness": (0.0, 1.0, False),
    "patience": (0.0, 1.0, False),
    "shared_perspective": (0.0, 1.0, False),
    "shock_size": (0.0, 1.0, False),
    "shock_month": (0, 1000, True),
}


def _spiral(aid: str, act: Activity, rec: dict[str, Any]) -> None:
    settings = _mapping(rec.get("settings", {}), f"{aid}: settings")
    for name, value in settings.items():
        if name == "shock":
            _bool(value, f"{aid}: shock")
        elif name in SPIRAL_SETTINGS:
            lo, hi, integer = SPIRAL_SETTINGS[name]
            _number(value, f"{aid}: {name}", lo, hi, integer)
        else:
            raise _refuse(f"{aid}: {name!r} is not a setting of the simulator.")
    _text(rec.get("direction", ""), f"{aid}: direction")


# The record each widget writes: the fields it may hold, and how to check them.
SHAPES: dict[str, tuple[frozenset[str], Callable[[str, Activity, dict[str, Any]], None]]] = {
    "sorter": (frozenset({"scheme", "placements", "revealed", "score"}), _sorter),
    "scorecard": (frozenset({"case", "lens", "scores", "revealed", "title"}), _scorecard),
    "spiral": (frozenset({"settings", "direction"}), _spiral),
}
DEFAULT_TITLES = {
    "sorter": "Sort the statements",
    "scorecard": "Score the alliance",
    "spiral": "The spiral simulator",
}
_COMMON = frozenset({"version", "activity", "saved_at", "kind"})


def _check_record(aid: str, act: Activity, rec: Any) -> dict[str, Any]:
    if not isinstance(rec, dict):
        raise _refuse(f"the answers of {aid} are not in the expected form.")
    fields, check = SHAPES[act.widget]
    for name in sorted(set(rec) - fields - _COMMON):
        # A field a later version of the widget added: kept if it is plain data.
        _scalar(rec[name], f"{aid}: unexpected field {_ident(name, f'{aid}: a field name')!r}")
    if rec.get("version") != FORMAT_VERSION or rec.get("activity") != aid:
        raise _refuse(f"the answers of {aid} are not in the expected form.")
    if rec.get("kind") != act.widget:
        raise _refuse(f"{aid}: the answers are for a {rec.get('kind')!r}, not a {act.widget}.")
    stamp = rec.get("saved_at")
    if not isinstance(stamp, str) or not _STAMP.match(stamp):
        raise _refuse(f"{aid}: saved_at should be a date and time.")
    if "revealed" in rec:
        _bool(rec["revealed"], f"{aid}: revealed")
    check(aid, act, rec)
    return rec


QUESTION_FIELDS = frozenset({"version", "activity", "saved_at", "answer", "attempts"})


def _check_question(key: str, ex: Exercise, rec: Any) -> dict[str, Any]:
    """A question's saved answer: exactly one offered letter, and the letters tried to get there.

    Only the offered letters are looked at, never the key.
    """
    where = f"{key.replace('/', ', question ')[:80]}"
    if not isinstance(rec, dict) or set(rec) != QUESTION_FIELDS:
        raise _refuse(f"the answer to {where} is not in the expected form.")
    if rec["version"] != FORMAT_VERSION or rec["activity"] != ex.id:
        raise _refuse(f"the answer to {where} is not in the expected form.")
    stamp = rec["saved_at"]
    if not isinstance(stamp, str) or not _STAMP.match(stamp):
        raise _refuse(f"{where}: saved_at should be a date and time.")
    letters = list(ex.options)
    answer, attempts = rec["answer"], rec["attempts"]
    if not isinstance(answer, str) or answer not in ex.options:
        raise _refuse(f"{where}: the answer should be exactly one of {', '.join(letters)}.")
    if (
        not isinstance(attempts, list)
        or not 0 < len(attempts) <= MAX_ITEMS
        or any(not isinstance(a, str) or a not in ex.options for a in attempts)
        or attempts[-1] != answer
    ):
        raise _refuse(
            f"{where}: the letters tried should be among {', '.join(letters)}, "
            "ending with the answer."
        )
    return rec


def parse(text: str | bytes, content: Content) -> Backup:
    """Check a backup file's text; raise :class:`BackupError` with one plain message."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise _refuse(f"it is larger than {MAX_BYTES // 1024} KB, so it is not a backup.")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("it is not a text file.") from None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _refuse(f"it is larger than {MAX_BYTES // 1024} KB, so it is not a backup.")
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise _refuse(
            "it is damaged or not a backup of this course (it could not be read as one)."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _refuse("it is not a backup made by this course's Download button.")
    if doc.get("version") != BACKUP_VERSION:
        raise _refuse(f"it was made by another version of the course ({doc.get('version')!r}).")
    if doc.get("course") != COURSE_ID:
        raise _refuse(f"it belongs to another course ({str(doc.get('course'))[:60]!r}).")
    if set(doc) != {"format", "version", "course", "created_at", "activities", "checksum"}:
        raise _refuse("it has missing or unexpected parts.")
    if doc.get("checksum") != checksum(doc):
        raise _refuse("it is damaged (its checksum does not match its content).")
    created = doc.get("created_at")
    if not isinstance(created, str) or not _STAMP.match(created):
        raise _refuse("its date is not a date.")
    known = _saved_things(content)
    activities = _mapping(doc.get("activities"), "activities")
    for aid, rec in activities.items():
        if aid not in known:
            raise _refuse(
                f"it has answers for {str(aid)[:60]!r}, which is not an activity of this course."
            )
        known[aid].check(aid, rec)
    return Backup(activities, created)


# ---------------------------------------------------------------------------- restoring


def _answers(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "saved_at"}


def plan(backup: Backup, content: Content, modules_dir: Path | str) -> list[Decision]:
    """What :func:`restore` would do with each activity of ``backup``; changes nothing."""
    folder = Path(modules_dir)
    known = _saved_things(content)
    decisions = []
    for aid in sorted(backup.activities, key=list(known).index):
        thing = known[aid]
        module_id, title = thing.module, thing.title
        theirs = backup.activities[aid]
        ours = _read_record(_module_store(folder, module_id), thing.file_id)
        if ours is None:
            kept = "file"
        elif _answers(ours) == _answers(theirs):
            kept = "same"
        else:
            # The newer answers win; a tie (or an unreadable date) keeps the session's.
            newer = _when(theirs["saved_at"]) > _when(str(ours.get("saved_at", "")))
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
            store = _module_store(folder, d.module)
            file_id = d.file_id or d.activity
            before = _read_record(store, file_id)
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
