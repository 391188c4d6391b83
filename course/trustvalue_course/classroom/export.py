"""A room's answers as CSV, for the trainer's records (a mixin of ``Rooms``).

Phones are numbered, never named; a profile's lines carry no phone and no time;
every cell a learner typed is made safe for spreadsheets (never run as a formula).
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from . import activities

if TYPE_CHECKING:
    from .rooms import Room


class ExportRooms:
    """The export half of :class:`~trustvalue_course.classroom.rooms.Rooms`."""

    if TYPE_CHECKING:

        def _db(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def room(self, code: str) -> Room: ...

    def export_csv(self, code: str) -> str:
        """Every answer of the room, one line each (one per item for a profile or an
        order), for the trainer's records. Phones are numbered, never named; a profile's
        lines carry no phone and no time, and come in no particular order."""
        room = self.room(code)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                *("room", "question", "statement", "phone", "answer", "correct", "time"),
                *("kind", "item", "hidden", "nickname"),
            ]
        )
        phones: dict[str, str] = {}
        with self._db() as db:
            rows = db.execute(
                "SELECT rowid, question, phone, category, at FROM answers WHERE code = ? "
                "ORDER BY question, at",
                (code,),
            ).fetchall()
            hidden = set(db.execute("SELECT question, entry FROM hidden WHERE code = ?", (code,)))
            names = dict(
                db.execute("SELECT phone, nickname FROM nicknames WHERE code = ?", (code,))
            )
        anonymous: dict[int, int] = {}
        for entry, question, phone, category, at in sorted(
            rows, key=lambda r: (r[1], r[3]) if _is(room, r[1], "profile") else (r[1], r[4])
        ):
            q = room.questions[question]
            if q["kind"] == "profile":
                anonymous[question] = anonymous.get(question, 0) + 1
                who, when = f"respondent {anonymous[question]}", ""
            else:
                who = phones.setdefault(phone, f"phone {len(phones) + 1}")
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
            for item, value in activities.csv_cells(q, category):
                correct = "" if not q.get("answer") else ("yes" if q["answer"] == value else "no")
                writer.writerow(
                    [
                        *(code, question + 1, _csv_safe(q["text"]), who, _csv_safe(value)),
                        *(correct, when, q["kind"], item),
                        "yes" if (question, entry) in hidden else "",
                        _csv_safe(names.get(phone, "")) if q["kind"] == "quiz" else "",
                    ]
                )
        return out.getvalue()


def _is(room: Room, question: int, kind: str) -> bool:
    return room.questions[question]["kind"] == kind


def _csv_safe(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
