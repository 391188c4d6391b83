"""Quiz rooms: nicknames, a clock per question and a leaderboard (a mixin of ``Rooms``).

Optional and off by default: the trainer turns quiz mode on in the presenter. Each
phone then chooses a nickname (plain text, at most 20 characters, unique in the
room); a question's clock starts when the trainer starts it; a phone's first
answer counts; a right answer earns 500 points and up to 500 more for speed.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from .activities import RoomError

if TYPE_CHECKING:
    from .rooms import Room

PHONE_RE = re.compile(r"^[0-9a-f]{32}$")
NICKNAME_MAX = 20
QUIZ_GRACE = 1.0  # seconds after the clock, for an answer already on its way


class QuizRooms:
    """The quiz half of :class:`~trustvalue_course.classroom.rooms.Rooms`."""

    if TYPE_CHECKING:

        def _db(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def room(self, code: str) -> Room: ...
        def _trainer_room(self, code: str, secret: str) -> Room: ...

    def start_clock(self, code: str, secret: str, index: int) -> None:
        """Start a quiz question's clock (once: starting again changes nothing)."""
        room = self._trainer_room(code, secret)
        if room.questions[index].get("kind") != "quiz":
            raise RoomError("only a quiz question has a clock")
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO clocks (code, question, started) VALUES (?, ?, ?)",
                (code, index, time.time()),
            )

    def leaderboard(self, code: str, limit: int = 10) -> list[dict[str, Any]]:
        """Points per nickname over the revealed quiz questions: 500 for a right answer,
        up to 500 more for speed. Best first; equal points in the order of nicknames."""
        room = self.room(code)
        with self._db() as db:
            names = dict(
                db.execute("SELECT phone, nickname FROM nicknames WHERE code = ?", (code,))
            )
            scores = self._points(db, room, "")
        board = [
            {
                "nickname": names[p],
                "points": scores.get(p, (0, 0))[0],
                "right": scores.get(p, (0, 0))[1],
            }
            for p in names
        ]
        board.sort(key=lambda r: (-r["points"], r["nickname"].casefold()))
        return board[:limit] if limit else board

    def _points(self, db: sqlite3.Connection, room: Room, phone: str) -> dict[str, tuple[int, int]]:
        """(points, right answers) per phone (or of ``phone`` alone) over revealed questions."""
        clocks = dict(
            db.execute("SELECT question, started FROM clocks WHERE code = ?", (room.code,))
        )
        sql = "SELECT question, phone, category, at FROM answers WHERE code = ?"
        rows = db.execute(
            *((sql + " AND phone = ?", (room.code, phone)) if phone else (sql, (room.code,)))
        ).fetchall()
        out: dict[str, tuple[int, int]] = {}
        for question, who, category, at in rows:
            q = room.questions[question]
            if q.get("kind") != "quiz" or question not in room.revealed or question not in clocks:
                continue
            if category == q["answer"]:
                late = min(1.0, max(0.0, (at - clocks[question]) / q["seconds"]))
                points, right = out.get(who, (0, 0))
                out[who] = (points + 500 + round(500 * (1 - late)), right + 1)
        return out

    def set_nickname(self, code: str, phone: str, nickname: Any) -> str:
        """A phone's nickname in a quiz room: plain text, short, not taken by another phone."""
        room = self.room(code)
        if not room.quiz:
            raise RoomError("this room has no leaderboard")
        if not isinstance(phone, str) or not PHONE_RE.match(phone):
            raise RoomError("unknown phone")
        if not isinstance(nickname, str):
            raise RoomError("a nickname is a short text")
        name = " ".join(
            "".join(
                ch for ch in nickname if unicodedata.category(ch)[0] not in "CZ" or ch == " "
            ).split()
        )
        if not 1 <= len(name) <= NICKNAME_MAX:
            raise RoomError(f"a nickname has 1 to {NICKNAME_MAX} characters")
        try:
            with self._db() as db:
                db.execute(
                    "INSERT INTO nicknames (code, phone, nickname, folded) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (code, phone) DO UPDATE SET nickname = excluded.nickname, "
                    "folded = excluded.folded",
                    (code, phone, name, name.casefold()),
                )
        except sqlite3.IntegrityError:
            raise RoomError("that nickname is taken: choose another") from None
        return name

    def nickname(self, code: str, phone: str) -> str | None:
        with self._db() as db:
            row = db.execute(
                "SELECT nickname FROM nicknames WHERE code = ? AND phone = ?", (code, phone)
            ).fetchone()
        return row[0] if row else None

    def _quiz_check(
        self, db: sqlite3.Connection, room: Room, phone: str, question: int, answered: bool
    ) -> None:
        if answered:
            raise RoomError("your first answer counts: it is locked in")
        if not db.execute(
            "SELECT 1 FROM nicknames WHERE code = ? AND phone = ?", (room.code, phone)
        ).fetchone():
            raise RoomError("choose a nickname first")
        started = db.execute(
            "SELECT started FROM clocks WHERE code = ? AND question = ?", (room.code, question)
        ).fetchone()
        if started is None:
            raise RoomError("wait: the clock has not started")
        if time.time() > started[0] + room.questions[question]["seconds"] + QUIZ_GRACE:
            raise RoomError("time is up for this question")

    def quiz_state(self, room: Room, phone: str) -> dict[str, Any]:
        """What a phone of a quiz room sees beside the question: its nickname, the clock
        of the question on screen, and its points so far."""
        with self._db() as db:
            started = db.execute(
                "SELECT started FROM clocks WHERE code = ? AND question = ?",
                (room.code, room.current),
            ).fetchone()
            name = db.execute(
                "SELECT nickname FROM nicknames WHERE code = ? AND phone = ?", (room.code, phone)
            ).fetchone()
            points = self._points(db, room, phone).get(phone, (0, 0))[0]
        q = room.questions[room.current]
        ends_in = None
        if started is not None and q.get("kind") == "quiz":
            ends_in = round(max(0.0, started[0] + q["seconds"] - time.time()), 1)
        return {
            "nickname": name[0] if name else None,
            "started": started is not None,
            "ends_in": ends_in,
            "points": points,
        }
