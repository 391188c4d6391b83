"""Reading a backup file: a fixed schema, checked before anything is written.

Only known activity and question ids, the record shape each widget writes, plain
text without markup, a question's answer one of its offered letters; a file that
fails any check raises :class:`~.format.BackupError` with one plain message.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...content import Content
from ...content.models import Activity, Exercise
from ..store import FORMAT_VERSION
from .format import (
    BACKUP_VERSION,
    COURSE_ID,
    FORMAT,
    MAX_BYTES,
    MAX_ITEMS,
    MAX_TEXT,
    STAMP,
    Backup,
    checksum,
    refuse,
)

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Anything a browser could read as markup or a script address.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|data\s*:\s*text/html", re.IGNORECASE)


@dataclass(frozen=True)
class Saved:
    """Something of a module that saves a learner's answers: an activity or a question."""

    module: str
    file_id: str  # its file in the module's saved-answers folder: <file_id>.json
    title: str
    check: Callable[[str, dict[str, Any]], dict[str, Any]]


def saved_things(content: Content) -> dict[str, Saved]:
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


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise refuse(f"{where} should be a short text.")
    if _MARKUP.search(value) or any(ord(c) < 32 and c not in "\t\n" for c in value):
        raise refuse(
            f"{where} contains markup or control characters, which a saved answer never has."
        )
    return value


def _ident(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise refuse(f"{where} should be an id (lower-case letters, digits and dashes).")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise refuse(f"{where} should be true or false.")
    return value


def _number(value: Any, where: str, lo: float, hi: float, integer: bool = False) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not math.isfinite(value) or not lo <= value <= hi:
        kind = "a whole number" if integer else "a number"
        raise refuse(f"{where} should be {kind} from {lo:g} to {hi:g}.")
    return value


def _scalar(value: Any, where: str) -> Any:
    """Plain data: true/false, a finite number or a short plain text."""
    if isinstance(value, str):
        return _text(value, where)
    if not isinstance(value, (bool, int, float)) or not math.isfinite(value):
        raise refuse(f"{where} should be a number or a short text.")
    return value


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or len(value) > MAX_ITEMS:
        raise refuse(f"{where} should be a list of named entries.")
    return value


def _sorter(aid: str, act: Activity, rec: dict[str, Any]) -> None:
    if _ident(rec.get("scheme"), f"{aid}: scheme") != act.scheme:
        raise refuse(f"{aid}: the answers are for another way of sorting.")
    for sid, cat in _mapping(rec.get("placements", {}), f"{aid}: placements").items():
        _ident(sid, f"{aid}: a statement")
        _ident(cat, f"{aid}: the category of {sid}")
    score = _mapping(rec.get("score", {}), f"{aid}: score")
    for key, value in score.items():
        _scalar(value, f"{aid}: score {_ident(key, f'{aid}: score')}")


def _scorecard(aid: str, act: Activity, rec: dict[str, Any]) -> None:
    _ident(rec.get("case"), f"{aid}: case")
    if rec.get("lens", "both") not in ("elements", "contrasts", "both"):
        raise refuse(f"{aid}: lens should be elements, contrasts or both.")
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
            raise refuse(f"{aid}: {name!r} is not a setting of the simulator.")
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
        raise refuse(f"the answers of {aid} are not in the expected form.")
    fields, check = SHAPES[act.widget]
    for name in sorted(set(rec) - fields - _COMMON):
        # A field a later version of the widget added: kept if it is plain data.
        _scalar(rec[name], f"{aid}: unexpected field {_ident(name, f'{aid}: a field name')!r}")
    if rec.get("version") != FORMAT_VERSION or rec.get("activity") != aid:
        raise refuse(f"the answers of {aid} are not in the expected form.")
    if rec.get("kind") != act.widget:
        raise refuse(f"{aid}: the answers are for a {rec.get('kind')!r}, not a {act.widget}.")
    stamp = rec.get("saved_at")
    if not isinstance(stamp, str) or not STAMP.match(stamp):
        raise refuse(f"{aid}: saved_at should be a date and time.")
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
        raise refuse(f"the answer to {where} is not in the expected form.")
    if rec["version"] != FORMAT_VERSION or rec["activity"] != ex.id:
        raise refuse(f"the answer to {where} is not in the expected form.")
    stamp = rec["saved_at"]
    if not isinstance(stamp, str) or not STAMP.match(stamp):
        raise refuse(f"{where}: saved_at should be a date and time.")
    letters = list(ex.options)
    answer, attempts = rec["answer"], rec["attempts"]
    if not isinstance(answer, str) or answer not in ex.options:
        raise refuse(f"{where}: the answer should be exactly one of {', '.join(letters)}.")
    if (
        not isinstance(attempts, list)
        or not 0 < len(attempts) <= MAX_ITEMS
        or any(not isinstance(a, str) or a not in ex.options for a in attempts)
        or attempts[-1] != answer
    ):
        raise refuse(
            f"{where}: the letters tried should be among {', '.join(letters)}, "
            "ending with the answer."
        )
    return rec


def parse(text: str | bytes, content: Content) -> Backup:
    """Check a backup file's text; raise :class:`BackupError` with one plain message."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise refuse(f"it is larger than {MAX_BYTES // 1024} KB, so it is not a backup.")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse("it is not a text file.") from None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise refuse(f"it is larger than {MAX_BYTES // 1024} KB, so it is not a backup.")
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise refuse(
            "it is damaged or not a backup of this course (it could not be read as one)."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise refuse("it is not a backup made by this course's Download button.")
    if doc.get("version") != BACKUP_VERSION:
        raise refuse(f"it was made by another version of the course ({doc.get('version')!r}).")
    if doc.get("course") != COURSE_ID:
        raise refuse(f"it belongs to another course ({str(doc.get('course'))[:60]!r}).")
    if set(doc) != {"format", "version", "course", "created_at", "activities", "checksum"}:
        raise refuse("it has missing or unexpected parts.")
    if doc.get("checksum") != checksum(doc):
        raise refuse("it is damaged (its checksum does not match its content).")
    created = doc.get("created_at")
    if not isinstance(created, str) or not STAMP.match(created):
        raise refuse("its date is not a date.")
    known = saved_things(content)
    activities = _mapping(doc.get("activities"), "activities")
    for aid, rec in activities.items():
        if aid not in known:
            raise refuse(
                f"it has answers for {str(aid)[:60]!r}, which is not an activity of this course."
            )
        known[aid].check(aid, rec)
    return Backup(activities, created)
