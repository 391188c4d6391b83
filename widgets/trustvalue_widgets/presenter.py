"""Presenter mode: one statement (or one case criterion) at a time, on a projector.

The trainer steps with the keyboard or a clicker (arrows, Page Up/Down, Space)
and reveals the course's answer with its explanation. A *live room* lets the
room answer from its phones: the screen shows a room code and a QR code of the
join address, and the split of the room's answers as they come in.

The browser writes ``index``, ``revealed``, ``theme`` and ``live``; Python
validates them and writes back the slide, the answer (only once revealed) and
the room. Answers never reach the browser before the reveal.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any, ClassVar

import traitlets as t

from trustvalue_course.classroom.rooms import ENV_SERVED, RoomError, Rooms
from trustvalue_course.content import Content, course_content

from .base import CourseWidget, css, esm
from .room_slides import (
    Slide,
    case_slides,
    cloud_slides,
    profile_slides,
    quiz_slides,
    rank_slides,
    room_view,
    sorter_slides,
)

POLL_SECONDS = 0.25
ENV_JOIN_HOST = "TRUSTVALUE_JOIN_HOST"


def lan_address() -> str:
    """This machine's address on the room's network (no packet is sent), or the override."""
    if os.environ.get(ENV_JOIN_HOST):
        return os.environ[ENV_JOIN_HOST]
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET: a UDP connect only picks a route
            return s.getsockname()[0]
    except OSError:
        return os.environ.get("SERVER_NAME") or "127.0.0.1"


def join_base() -> str:
    """``http://host:port/base/`` of the server that renders this page."""
    port = os.environ.get("SERVER_PORT", "")
    script = os.environ.get("SCRIPT_NAME", "/")
    base = script.split("voila/", 1)[0] if "voila/" in script else "/"
    host = lan_address()
    return f"http://{host}{':' + port if port else ''}{base}"


def qr_rows(text: str) -> list[str]:
    """The QR code of ``text`` as rows of '0'/'1' (drawn by the browser as squares)."""
    import segno

    qr = segno.make(text, error="m", micro=False)
    return ["".join("1" if cell else "0" for cell in row) for row in qr.matrix]


NO_ROOMS = (
    "Live rooms run on the trainer's server only: start it with `make present` "
    "and open this presenter from its gallery."
)


class Presenter(CourseWidget):
    """Step through slides, reveal answers, and show a live room's answers.

    A course widget without answers to save: the trainer's screen starts fresh.
    """

    kind = "presenter"
    _esm = esm("presenter.js")
    _css = css("presenter.css")

    index = t.Int(0, help="the slide on screen").tag(sync=True)
    revealed = t.Bool(False, help="the answer of the slide on screen is shown").tag(sync=True)
    theme = t.Unicode("light", help="light or dark").tag(sync=True)
    live = t.Bool(False, help="a live room is open").tag(sync=True)
    restarts = t.Int(0, help="the browser increments this to start again").tag(sync=True)
    quiz = t.Bool(False, help="quiz mode: timed questions, nicknames, a leaderboard").tag(sync=True)
    moderate = t.Dict(help="{entry, hidden}: hide a text answer, or show it again").tag(sync=True)

    _title = t.Unicode("").tag(sync=True)
    _total = t.Int(0).tag(sync=True)
    _slide = t.Dict().tag(sync=True)
    _answer = t.Dict().tag(sync=True)
    _room = t.Dict().tag(sync=True)
    _split = t.Dict().tag(sync=True)
    # Live rooms exist only on the trainer's server (`make present`), whose extension
    # serves the phones' page; elsewhere (Binder, a learner's Lab) a room code would
    # lead phones nowhere, so the presenter offers none. The kernel's to say: a
    # browser's update of it is dropped (CourseWidget.set_state).
    _rooms_served = t.Bool(False).tag(sync=True)
    _quizable = t.Bool(False).tag(sync=True)  # the slides are practice questions with keys
    _intents: ClassVar[dict[str, str]] = {"clock": "start_clock"}

    def __init__(
        self,
        title: str,
        slides: list[Slide],
        *,
        rooms: Rooms | None = None,
        join_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not slides:
            raise ValueError("a presentation needs at least one slide")
        self._slides = list(slides)
        self._shown: set[int] = set()
        self._rooms = rooms
        self._join_url = join_url
        self._code = self._secret = ""
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None
        served = rooms is not None or os.environ.get(ENV_SERVED) == "1"
        super().__init__(
            presentation=True,
            _title=title,
            _total=len(slides),
            _rooms_served=served,
            _quizable=any(s.extra.get("quiz") for s in slides),
            **kwargs,
        )

    # ------------------------------------------------------------------ factories

    @classmethod
    def for_activity(cls, activity_id: str, content: Content | None = None, **kw: Any) -> Presenter:
        title, slides = sorter_slides(content or course_content(), activity_id)
        return cls(title, slides, **kw)

    @classmethod
    def for_case(cls, case_id: str, content: Content | None = None, **kw: Any) -> Presenter:
        title, slides = case_slides(content or course_content(), case_id)
        return cls(title, slides, **kw)

    # ------------------------------------------------------------------ public API

    @property
    def slides(self) -> list[Slide]:
        return list(self._slides)

    @property
    def room_code(self) -> str:
        return self._code

    def next(self) -> None:
        self.index = min(self.index + 1, len(self._slides) - 1)

    def previous(self) -> None:
        self.index = max(self.index - 1, 0)

    def reveal(self) -> None:
        self.revealed = True

    def start_clock(self) -> None:
        """Start the clock of the quiz question on screen (phones may answer from now on)."""
        if self._code and self._slides[self.index].question(self.quiz)["kind"] == "quiz":
            self._room_call(self._room_rooms().start_clock, self.index)
            self._refresh_split()

    def start_live(self) -> None:
        self.live = True

    def stop_live(self) -> None:
        self.live = False

    def reset(self) -> None:
        """Start again for the next group: first slide, nothing revealed, no room open."""
        self.live = False
        self._shown.clear()
        with self.hold_sync():
            self.index = 0
            self.revealed = False
            self._update()

    def close(self) -> None:
        self._stop.set()
        super().close()

    # ------------------------------------------------------------------ plumbing

    @t.validate("index")
    def _valid_index(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        return max(0, min(int(value), len(self._slides) - 1))

    @t.validate("theme")
    def _valid_theme(self, proposal: dict[str, Any]) -> str:
        return proposal["value"] if proposal["value"] in ("light", "dark") else "light"

    @t.observe("index")
    def _on_index(self, change: dict[str, Any]) -> None:
        with self.hold_sync():
            self.revealed = self.index in self._shown
            self._update()
        if self._code:
            self._room_call(self._room_rooms().show, self.index)

    @t.observe("revealed")
    def _on_reveal(self, change: dict[str, Any]) -> None:
        (self._shown.add if self.revealed else self._shown.discard)(self.index)
        if self._code:
            self._room_call(self._room_rooms().reveal, self.index, self.revealed)
        self._update()

    @t.validate("quiz")
    def _valid_quiz(self, proposal: dict[str, Any]) -> bool:
        # Set before the room opens, for practice questions only: a room keeps its kind.
        return bool(proposal["value"]) and self._quizable if not self._code else self.quiz

    @t.observe("moderate")
    def _on_moderate(self, change: dict[str, Any]) -> None:
        entry, hidden = change["new"].get("entry"), change["new"].get("hidden", True)
        if self._code and type(entry) is int and isinstance(hidden, bool):
            self._room_call(self._room_rooms().hide, self.index, entry, hidden)
            self._refresh_split()

    @t.observe("restarts")
    def _on_restart(self, change: dict[str, Any]) -> None:
        self.reset()

    @t.observe("live")
    def _on_live(self, change: dict[str, Any]) -> None:
        if self.live and not self._rooms_served:
            self._room = {"error": NO_ROOMS}
            self.live = False
        elif self.live and not self._code:
            self._open_room()
        elif not self.live and self._code:
            self._stop.set()
            self._room_call(self._room_rooms().close)
            self._code = self._secret = ""
            self._room = {}
            self._split = {}

    def _update(self) -> None:
        s = self._slides[self.index]
        with self.hold_sync():
            self._slide = {
                "number": self.index + 1,
                "text": s.text,
                "context": s.context,
                "choices": [dict(c) for c in s.choices],
                "kind": s.kind,
                **{k: s.extra[k] for k in ("items", "levels", "hints") if k in s.extra},
            }
            if self.revealed and s.answer:
                label = next((c["label"] for c in s.choices if c["id"] == s.answer), s.answer)
                self._answer = {"id": s.answer, "label": label, "explanation": s.explanation}
            else:
                self._answer = {}
            if self._code:
                self._refresh_split()

    def _room_rooms(self) -> Rooms:
        if self._rooms is None:
            self._rooms = Rooms()
        return self._rooms

    def _room_call(self, method: Any, *args: Any) -> None:
        try:
            method(self._code, self._secret, *args)
        except (RoomError, OSError) as exc:
            self._room = {**self._room, "error": f"The live room stopped working: {exc}"}

    def _open_room(self) -> None:
        questions = [s.question(self.quiz) for s in self._slides]
        try:
            rooms = self._room_rooms()
            # A room this deck left open when the server stopped goes on where it was,
            # with every answer the phones gave and the same code on their screens.
            resumed = rooms.resume(self._title, questions)
            if resumed is None:
                code, secret = rooms.open(self._title, questions)
                rooms.show(code, secret, self.index)
                for i in self._shown:
                    rooms.reveal(code, secret, i)
        except (RoomError, OSError) as exc:
            self._room = {"error": f"The live room could not open: {exc}"}
            self.live = False
            return
        if resumed is not None:
            code, secret, current, shown = resumed
            self._code, self._secret = code, secret
            self._shown = set(shown)
            self.index = current  # shows the question the phones are on
            with self.hold_sync():
                self.revealed = current in self._shown
                self._update()
        self._code, self._secret = code, secret
        base = self._join_url or join_base()
        url = f"{base.rstrip('/')}/join/{code}"
        self._room = {
            "code": code,
            "url": url,
            "qr": qr_rows(url),
            "export": f"{os.environ.get('SCRIPT_NAME', '/').split('voila/', 1)[0]}trustvalue/live/export/{code}.csv",
        }
        self._refresh_split()
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, args=(self._stop,), daemon=True)
        self._poller.start()

    def _refresh_split(self) -> None:
        try:
            rooms = self._room_rooms()
            summary = rooms.summary(self._code, self.index)
            board = rooms.leaderboard(self._code, 5) if self.quiz and self.revealed else None
        except (RoomError, OSError):
            return
        slide = self._slides[self.index]
        split = {"question": self.index, **room_view(slide, summary, self.revealed, board)}
        if split != self._split:
            self._split = split

    def _poll(self, stop: threading.Event) -> None:
        while not stop.wait(POLL_SECONDS):
            if self._code:
                self._refresh_split()


def presenter_app(content: Content | None = None) -> Any:
    """The presenter for the activity or case in the page's address, or a friendly message."""
    from .apps import friendly, page_query

    def build() -> Presenter:
        query = page_query()
        data = content or course_content()
        if "case" in query and "rank" not in query:
            return Presenter.for_case(query["case"], data)
        for key, slides in (
            ("profile", lambda v: profile_slides(data)),
            ("cloud", lambda v: cloud_slides(data, v)),
            ("rank", lambda v: rank_slides(data, v, query.get("case"))),
            ("questions", lambda v: quiz_slides(data, v)),
        ):
            if key in query:
                return Presenter(*slides(query[key]))
        activity = query.get("activity")
        if activity is None:
            activity = next(
                a.id
                for m in sorted(data.modules.values(), key=lambda m: m.number)
                for a in m.activities
                if a.widget == "sorter"
            )
        return Presenter.for_activity(activity, data)

    return friendly(build)
