"""Live rooms: what the phones in a classroom answered, kept in SQLite.

A trainer opens a *room* for one activity. The room has a short code that the
phones type (or scan), and a secret that only the trainer's kernel holds. The
trainer's screen shows one question at a time; phones answer the question on
screen, in the way its kind asks (``activities``: a category, a rubric level, a
profile, a short text, an order, a timed quiz option). Each phone has one answer
per question, which it may change until the trainer reveals the course's answer
(a quiz answer counts once: the first).

The database is a single file (default: ``<jupyter data dir>/trustvalue/live.sqlite``,
or ``$TRUSTVALUE_LIVE_DB``), so a server restart loses nothing. Every call
opens its own short connection: the server's handlers and the trainer's kernel
are different processes sharing the file.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import activities
from .activities import RoomError
from .export import ExportRooms
from .quiz import PHONE_RE, QuizRooms

ENV_DB = "TRUSTVALUE_LIVE_DB"
# Set by the course's extension in the one server that serves the rooms (`make present`):
# its kernels (the presenter) then offer a live room, no other server's do.
ENV_SERVED = "TRUSTVALUE_ROOMS_SERVED"
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a projector is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
MAX_QUESTIONS = 200
RESUME_WITHIN = 12 * 3600  # a room left open by a stopped server is taken up again this long

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    title TEXT NOT NULL,
    questions TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    revealed TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL,
    question INTEGER NOT NULL,
    phone TEXT NOT NULL,
    category TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (code, question, phone)
);
CREATE TABLE IF NOT EXISTS hidden (
    code TEXT NOT NULL, question INTEGER NOT NULL, entry INTEGER NOT NULL,
    PRIMARY KEY (code, question, entry)
);
CREATE TABLE IF NOT EXISTS clocks (
    code TEXT NOT NULL, question INTEGER NOT NULL, started REAL NOT NULL,
    PRIMARY KEY (code, question)
);
CREATE TABLE IF NOT EXISTS nicknames (
    code TEXT NOT NULL, phone TEXT NOT NULL, nickname TEXT NOT NULL, folded TEXT NOT NULL,
    PRIMARY KEY (code, phone), UNIQUE (code, folded)
);
"""


@dataclass(frozen=True)
class Room:
    code: str
    title: str
    questions: list[dict[str, Any]]
    current: int
    revealed: frozenset[int]
    closed: bool

    @property
    def quiz(self) -> bool:
        """A quiz room: phones choose a nickname, and its leaderboard shows them."""
        return any(q.get("kind") == "quiz" for q in self.questions)

    def public_question(self) -> dict[str, Any]:
        """What a phone may know: the question on screen and its choices, never the answer."""
        return {
            "number": self.current + 1,
            "total": len(self.questions),
            **activities.public_question(self.questions[self.current]),
            "open": not self.closed and self.current not in self.revealed,
        }


def default_db_path() -> Path:
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "trustvalue" / "live.sqlite"


class Rooms(QuizRooms, ExportRooms):
    """Every live room, in one SQLite file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)
            try:  # a store from before rooms knew their trainer's process
                db.execute("ALTER TABLE rooms ADD COLUMN owner INTEGER NOT NULL DEFAULT 0")
            except sqlite3.OperationalError:
                pass  # the column is there

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    # ------------------------------------------------------------------ trainer

    def open(self, title: str, questions: Sequence[dict[str, Any]]) -> tuple[str, str]:
        """Open a room; returns its code (for phones) and secret (for the trainer)."""
        clean = [activities.clean_question(q) for q in questions][:MAX_QUESTIONS]
        if not clean:
            raise RoomError("a room needs at least one question")
        secret = secrets.token_hex(16)
        with self._db() as db:
            for _ in range(50):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                try:
                    db.execute(
                        "INSERT INTO rooms (code, secret, title, questions, created, owner) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            code,
                            secret,
                            str(title)[:200],
                            json.dumps(clean),
                            time.time(),
                            os.getpid(),
                        ),
                    )
                except sqlite3.IntegrityError:
                    continue
                return code, secret
        raise RoomError("no free room code")  # pragma: no cover - 9.7 million codes

    def resume(
        self, title: str, questions: Sequence[dict[str, Any]], within: float = RESUME_WITHIN
    ) -> tuple[str, str, int, frozenset[int]] | None:
        """The room a trainer left open when their server or kernel stopped, if any.

        A room is taken up again when it is still open, has the same title and the same
        questions, was opened in the last ``within`` seconds, and the process that opened
        it is gone (so a second trainer's tab never takes over a room in use). Returns its
        code, secret, the question on screen and the revealed ones; the room is now this
        process's."""
        clean = json.dumps([activities.clean_question(q) for q in questions][:MAX_QUESTIONS])
        with self._db() as db:
            rows = db.execute(
                "SELECT code, secret, current, revealed, owner FROM rooms WHERE closed = 0 "
                "AND title = ? AND questions = ? AND created > ? ORDER BY created DESC",
                (str(title)[:200], clean, time.time() - within),
            ).fetchall()
            for code, secret, current, revealed, owner in rows:
                if owner == os.getpid() or _alive(owner):
                    continue
                db.execute("UPDATE rooms SET owner = ? WHERE code = ?", (os.getpid(), code))
                return code, secret, current, frozenset(json.loads(revealed))
        return None

    def show(self, code: str, secret: str, index: int) -> None:
        """Put question ``index`` on the phones' screens."""
        room = self._trainer_room(code, secret)
        if not 0 <= index < len(room.questions):
            raise RoomError("no such question")
        with self._db() as db:
            db.execute("UPDATE rooms SET current = ? WHERE code = ?", (index, code))

    def reveal(self, code: str, secret: str, index: int, revealed: bool = True) -> None:
        """Close (or reopen) question ``index``: answers can no longer change."""
        room = self._trainer_room(code, secret)
        done = set(room.revealed)
        (done.add if revealed else done.discard)(index)
        with self._db() as db:
            db.execute(
                "UPDATE rooms SET revealed = ? WHERE code = ?", (json.dumps(sorted(done)), code)
            )

    def close(self, code: str, secret: str) -> None:
        self._trainer_room(code, secret)
        with self._db() as db:
            db.execute("UPDATE rooms SET closed = 1 WHERE code = ?", (code,))

    def split(self, code: str, index: int) -> dict[str, int]:
        """How many phones chose each category for question ``index``."""
        return self.summary(code, index)["counts"]

    def summary(self, code: str, index: int) -> dict[str, Any]:
        """What the trainer's screen shows of the room's answers to question ``index``."""
        room = self.room(code)
        with self._db() as db:
            rows = db.execute(
                "SELECT rowid, category FROM answers WHERE code = ? AND question = ? ORDER BY at",
                (code, index),
            ).fetchall()
            hidden = {
                e
                for (e,) in db.execute(
                    "SELECT entry FROM hidden WHERE code = ? AND question = ?", (code, index)
                )
            }
            started = db.execute(
                "SELECT started FROM clocks WHERE code = ? AND question = ?", (code, index)
            ).fetchone()
        out = activities.summarise(room.questions[index], rows, hidden)
        q = room.questions[index]
        if q["kind"] == "quiz":
            out["started"] = started is not None
            out["ends_in"] = (
                round(max(0.0, started[0] + q["seconds"] - time.time()), 1) if started else None
            )
        return out

    def hide(self, code: str, secret: str, index: int, entry: int, hidden: bool = True) -> None:
        """Hide (or show again) one text answer, on the trainer's screen and in the cloud."""
        self._trainer_room(code, secret)
        with self._db() as db:
            if hidden:
                db.execute(
                    "INSERT OR IGNORE INTO hidden (code, question, entry) VALUES (?, ?, ?)",
                    (code, index, int(entry)),
                )
            else:
                db.execute(
                    "DELETE FROM hidden WHERE code = ? AND question = ? AND entry = ?",
                    (code, index, int(entry)),
                )

    # ------------------------------------------------------------------ phones

    def room(self, code: str) -> Room:
        if not isinstance(code, str) or not CODE_RE.match(code):
            raise RoomError("no room with that code")
        with self._db() as db:
            row = db.execute(
                "SELECT code, title, questions, current, revealed, closed FROM rooms "
                "WHERE code = ?",
                (code,),
            ).fetchone()
        if row is None:
            raise RoomError("no room with that code")
        return Room(
            row[0], row[1], json.loads(row[2]), row[3], frozenset(json.loads(row[4])), bool(row[5])
        )

    def answer(self, code: str, phone: str, question: Any, value: Any) -> None:
        """Record (or change) one phone's answer to the question on screen."""
        room = self.room(code)
        if room.closed:
            raise RoomError("this room is closed")
        if not isinstance(phone, str) or not PHONE_RE.match(phone):
            raise RoomError("unknown phone")
        if not isinstance(question, int) or isinstance(question, bool):
            raise RoomError("question must be a number")
        if question != room.current:
            raise RoomError("that question is no longer on screen")
        if question in room.revealed:
            raise RoomError("the answer has been revealed: answers are closed")
        q = room.questions[question]
        stored = activities.clean_answer(q, value)
        with self._db() as db:
            before = db.execute(
                "SELECT rowid, category FROM answers WHERE code = ? AND question = ? AND phone = ?",
                (code, question, phone),
            ).fetchone()
            if before is not None and before[1] == stored:
                return  # sent twice: kept once
            if q["kind"] == "text" and before is not None:
                if db.execute(
                    "SELECT 1 FROM hidden WHERE code = ? AND question = ? AND entry = ?",
                    (code, question, before[0]),
                ).fetchone():
                    raise RoomError("the trainer has hidden your answer")
            if q["kind"] == "quiz":
                self._quiz_check(db, room, phone, question, before is not None)
            db.execute(
                "INSERT INTO answers (code, question, phone, category, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (code, question, phone) DO UPDATE SET category = excluded.category, "
                "at = excluded.at",
                # A profile keeps the numbers alone: no time that could tell who sent it.
                (code, question, phone, stored, 0.0 if q["kind"] == "profile" else time.time()),
            )

    def my_answer(self, code: str, phone: str, question: int) -> Any:
        """This phone's answer to ``question``, as it sent it."""
        with self._db() as db:
            row = db.execute(
                "SELECT category FROM answers WHERE code = ? AND question = ? AND phone = ?",
                (code, question, phone),
            ).fetchone()
        if row is None:
            return None
        return activities.decode_answer(self.room(code).questions[question], row[0])

    # ------------------------------------------------------------------ plumbing

    def _trainer_room(self, code: str, secret: str) -> Room:
        room = self.room(code)
        with self._db() as db:
            (stored,) = db.execute("SELECT secret FROM rooms WHERE code = ?", (code,)).fetchone()
        if not isinstance(secret, str) or not secrets.compare_digest(stored, secret):
            raise RoomError("only the trainer can do that")
        return room


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (0, an old store's rooms: no process known)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
