"""The classroom's Jupyter server extension: the trainer's gallery and the phones' pages.

It runs in the same ``jupyter server`` that serves the Voila apps (Voila loaded
as a server extension beside it, see ``trustvalue_course.classroom.serve``). Every server of
the course's environment loads it (``setup_env``), for what the course's Voila
template needs:

- ``/trustvalue/xsrf.css``: sets the ``_xsrf`` cookie (the server's login/token), so
  that closing a Voila tab shuts its kernel down;
- ``/trustvalue/no-mathjax.js``: stands in for MathJax from a CDN.

The live rooms only in the trainer's server (``--TrustvalueLive.rooms=True``, which
``make present`` sets), never in a learner's Lab, on Binder or on the hub:

- ``/trustvalue/``: the gallery of trainer apps (the server's normal login/token);
- ``/trustvalue/live/export/<CODE>.csv``: a room's answers (the server's login/token);
- ``/join`` and ``/join/<CODE>``: the phone page (public);
- ``/trustvalue/live/api/<CODE>``: the question on screen, and the answer (public,
  rate-limited, grants nothing beyond answering in that room).

Phones get no Jupyter account, token or kernel: a random cookie tells one phone
from another so that each has one answer per question.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import tempfile
import time
from collections import defaultdict, deque
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Bool
from traitlets.config import Configurable

from .gallery import gallery_html
from .rooms import CODE_ALPHABET, CODE_LENGTH, ENV_DB, ENV_SERVED, PHONE_RE, RoomError, Rooms

STATIC = Path(__file__).parent / "static"
PHONE_COOKIE = "tv_phone"
MAX_BODY = 2048
RATE = 20  # requests per phone (and per address) in ...
RATE_WINDOW = 10.0  # ... this many seconds
# A whole room behind one Wi-Fi address: 300 phones polling every 1.5 s, and answering.
ADDRESS_RATE = 4000


class RateLimiter:
    """At most ``limit`` events per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        seen = self._seen[key]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # forget idle keys, keep memory bounded
            for k in [k for k, v in self._seen.items() if not v or now - v[-1] > self.window]:
                del self._seen[k]
        return True


class _Public(JupyterHandler):
    """Base of the phones' handlers: no login, strict headers, rate-limited."""

    def initialize(self, rooms: Rooms, limits: tuple[RateLimiter, RateLimiter]) -> None:
        self.rooms = rooms
        self.limits = limits

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )

    def check_xsrf_cookie(self) -> None:
        # Phones have no Jupyter session. Cross-site posts are stopped by the JSON-only
        # body (a form cannot send it without a CORS preflight, which is never granted)
        # and by the Origin check.
        origin = self.request.headers.get("Origin")
        if origin and urlparse(origin).netloc.lower() != self.request.host.lower():
            raise web.HTTPError(403, "cross-site request")

    def phone(self) -> str:
        value = self.get_cookie(PHONE_COOKIE, "")
        if not PHONE_RE.match(value or ""):
            value = secrets.token_hex(16)
            self.set_cookie(PHONE_COOKIE, value, httponly=True, samesite="Strict", path="/")
        return value

    def limited(self, phone: str) -> bool:
        by_phone, by_address = self.limits
        return not (by_phone.allow(phone) and by_address.allow(self.request.remote_ip or "unknown"))

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.reply(status_code, {"error": "That did not work. Check the room code and try again."})


class JoinPage(_Public):
    @allow_unauthenticated
    def get(self, code: str = "") -> None:
        self.phone()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        page = (STATIC / "join.html").read_text(encoding="utf-8")
        self.finish(page.replace("BASE_URL", escape(self.base_url, quote=True)))


STATIC_TYPES = {
    "join.js": "text/javascript",
    "kinds.js": "text/javascript",
    "join.css": "text/css",
}


class JoinStatic(_Public):
    @allow_unauthenticated
    def get(self, name: str) -> None:
        if name not in STATIC_TYPES:
            raise web.HTTPError(404)
        self.set_header("Content-Type", STATIC_TYPES[name] + "; charset=utf-8")
        self.set_header("Cache-Control", "max-age=600")
        self.finish((STATIC / name).read_bytes())


class RoomApi(_Public):
    """GET: the question on screen and this phone's answer. POST: answer it."""

    @allow_unauthenticated
    def get(self, code: str) -> None:
        phone = self.phone()
        if self.limited(phone):
            return self.reply(429, {"error": "Too many requests: wait a few seconds."})
        try:
            room = self.rooms.room(code.upper())
        except RoomError as exc:
            return self.reply(404, {"error": str(exc)})
        question = room.public_question()
        question["mine"] = self.rooms.my_answer(room.code, phone, room.current)
        body: dict[str, Any] = {"room": room.code, "title": room.title, "question": question}
        if room.quiz:
            body["quiz"] = self.rooms.quiz_state(room, phone)
        self.reply(200, body)

    @allow_unauthenticated
    def post(self, code: str) -> None:
        phone = self.phone()
        if self.limited(phone):
            return self.reply(429, {"error": "Too many requests: wait a few seconds."})
        if len(self.request.body) > MAX_BODY:
            return self.reply(413, {"error": "That answer is too large."})
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            return self.reply(415, {"error": "Answers are sent as JSON."})
        try:
            body = json.loads(self.request.body)
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return self.reply(400, {"error": "That answer could not be read."})
        try:
            if set(body) == {"nickname"}:
                name = self.rooms.set_nickname(code.upper(), phone, body["nickname"])
                return self.reply(200, {"ok": True, "nickname": name})
            if set(body) != {"question", "choice"}:
                raise RoomError("an answer has a question and a choice, and nothing else")
            self.rooms.answer(code.upper(), phone, body["question"], body["choice"])
        except RoomError as exc:
            return self.reply(409, {"error": str(exc)})
        self.reply(200, {"ok": True, "mine": body["choice"]})


class ExportCsv(JupyterHandler):
    """A room's answers as CSV: the trainer's, behind the server's login."""

    def initialize(self, rooms: Rooms) -> None:
        self.rooms = rooms

    @web.authenticated
    def get(self, code: str) -> None:
        try:
            text = self.rooms.export_csv(code)
        except RoomError as exc:
            raise web.HTTPError(404, str(exc)) from exc
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="room-{code}.csv"')
        self.finish(text)


class Gallery(JupyterHandler):
    """Every trainer app, one click away."""

    @web.authenticated
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        _ = self.xsrf_token  # sets the _xsrf cookie that Voila's "tab closed" request sends
        self.finish(gallery_html(self.base_url))


class NoMathJax(JupyterHandler):
    """Voila's page asks for MathJax from a CDN; the apps have no formulas, so it gets nothing."""

    @allow_unauthenticated
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.finish("/* MathJax is not used by the course's apps. */\n")


class Xsrf(JupyterHandler):
    """Sets the ``_xsrf`` cookie for a Voila page, so that closing the tab shuts its kernel."""

    @web.authenticated
    def get(self) -> None:
        _ = self.xsrf_token
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("/* ok */")


class TrustvalueLive(Configurable):
    """The extension's one switch (``--TrustvalueLive.rooms=True``, set by ``make present``)."""

    rooms = Bool(
        False,
        help="Serve the live rooms (the public /join page and its API) and the trainer's gallery.",
    ).tag(config=True)


def _load_jupyter_server_extension(serverapp: Any) -> None:
    base = serverapp.web_app.settings["base_url"]
    # What every Voila page of the course's template needs, in any server of the course's
    # environment (Binder, a learner's Lab, the hub): the _xsrf cookie, and nothing from
    # the network (Voila's page would fetch MathJax from a CDN).
    serverapp.web_app.settings["mathjax_url"] = url_path_join(base, "/trustvalue/no-mathjax.js")
    serverapp.web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "/trustvalue/xsrf.css"), Xsrf),
            (url_path_join(base, "/trustvalue/no-mathjax.js"), NoMathJax),
        ],
    )
    _short_socket_dir(serverapp)
    if TrustvalueLive(parent=serverapp).rooms:
        _load_live_rooms(serverapp)


def _load_live_rooms(serverapp: Any) -> None:
    """The trainer's server only: the gallery, the rooms' export, and the public phone pages."""
    rooms = Rooms(os.environ.get(ENV_DB) or None)
    # Kernels started from now on (the trainer's presenter) share the same file, and
    # know that phones can reach the rooms here.
    os.environ[ENV_DB] = str(rooms.path)
    os.environ[ENV_SERVED] = "1"
    limits = (RateLimiter(RATE, RATE_WINDOW), RateLimiter(ADDRESS_RATE, RATE_WINDOW))
    base = serverapp.web_app.settings["base_url"]
    code = f"(?P<code>[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{{CODE_LENGTH}}})"
    public = {"rooms": rooms, "limits": limits}
    serverapp.web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "/trustvalue/?"), Gallery),
            (
                url_path_join(base, f"/trustvalue/live/export/{code}.csv"),
                ExportCsv,
                {"rooms": rooms},
            ),
            (url_path_join(base, f"/trustvalue/live/api/{code}"), RoomApi, public),
            (url_path_join(base, r"/join/static/(?P<name>[a-z.]+)"), JoinStatic, public),
            (url_path_join(base, "/join/?"), JoinPage, public),
            (url_path_join(base, f"/join/{code}/?"), JoinPage, public),
        ],
    )
    serverapp.log.info("Live rooms: answers kept in %s", rooms.path)
    _trust_apps(serverapp)
    _quiet_phone_log(serverapp.web_app)


def _short_socket_dir(serverapp: Any) -> None:
    """Kernels on local (IPC) sockets need a short folder: a socket's path is limited to
    about 100 characters, which a deep runtime folder would exceed."""
    manager = serverapp.kernel_manager
    km_config = serverapp.config.get("KernelManager", {})
    if km_config.get("transport") == "ipc":
        folder = tempfile.mkdtemp(prefix="tv-kernels-")
        manager.connection_dir = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)


def _quiet_phone_log(web_app: Any) -> None:
    """Phones' refused answers (a 409 after the reveal, say) are routine: log them at debug
    level, so that a room of phones does not fill the trainer's terminal with warnings."""
    log_function = web_app.settings.get("log_function")

    def log(handler: Any) -> None:
        if isinstance(handler, _Public) and handler.get_status() < 500:
            handler.log.debug("%d %s", handler.get_status(), handler.request.path)
        elif log_function is not None:
            log_function(handler)

    web_app.settings["log_function"] = log


def _trust_apps(serverapp: Any) -> None:
    """Sign the course's own app notebooks, so that each page view logs no "not trusted" warning."""
    import nbformat

    notary = serverapp.contents_manager.notary
    for path in sorted(Path(serverapp.root_dir).glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
            if not notary.check_signature(nb):
                notary.sign(nb)
        except Exception as exc:  # a broken file must not stop the server
            serverapp.log.warning("Could not read %s: %s", path.name, exc)
