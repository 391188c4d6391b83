"""A Content-Security-Policy on the instructor's grading pages: defence in depth.

Learner text is made inert when it is graded (:mod:`.learner_text`); this Jupyter
server extension makes sure that, even if some text slipped through, no script a
learner wrote could run in the instructor's page. The instructor's server
(``make instructor``, the hub's instructor accounts) loads it from
``deploy/instructor/jupyter_server_config.json``.

* Formgrader's pages may run scripts from this server, the inline scripts in the
  page's ``<head>`` (nbgrader's own, which carry the page's ids: they get a fresh
  nonce per response), and nbgrader's fixed inline scripts and ``onclick``
  handlers, allowed by hash (read from nbgrader's installed templates). A script
  or handler in the page's body that is not nbgrader's own is refused by the
  browser, as is any request to another host.
* Feedback pages (``.html`` files under a ``feedback`` folder, served by
  ``/files/``) may run no script at all, in a sandbox.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from functools import cache
from pathlib import Path
from typing import Any

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

_SCRIPT_OPEN = re.compile(rb"<script\b", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_HANDLER = re.compile(r"""\bon[a-z]+="([^"]*)\"""", re.IGNORECASE)
_COMMON = (
    "default-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
)
FEEDBACK_POLICY = "; ".join((*_COMMON, "script-src 'none'", "sandbox"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def nbgrader_fixed_scripts() -> tuple[str, ...]:
    """Hashes of nbgrader's inline scripts and handlers that hold no template value."""
    from nbgrader.server_extensions.formgrader import handlers

    hashes: set[str] = set()
    for template in Path(handlers.template_path).rglob("*"):
        if template.suffix not in {".tpl", ".j2"}:
            continue
        text = template.read_text(encoding="utf-8")
        for body in [*_INLINE_SCRIPT.findall(text), *_HANDLER.findall(text)]:
            if body.strip() and "{{" not in body and "{%" not in body:
                hashes.add(_sha256(body))
    return tuple(sorted(hashes))


def formgrader_policy(nonce: str) -> str:
    """The policy for a formgrader page whose ``<head>`` scripts carry ``nonce``."""
    scripts = " ".join(("'self'", f"'nonce-{nonce}'", "'unsafe-hashes'", *nbgrader_fixed_scripts()))
    return "; ".join((*_COMMON, f"script-src {scripts}", "connect-src 'self'"))


def with_head_nonce(page: bytes, nonce: str) -> bytes:
    """``page`` with ``nonce`` on every script tag of its ``<head>``, and on no other."""
    end = page.lower().find(b"</head>")
    if end < 0:
        return page
    head = _SCRIPT_OPEN.sub(b'<script nonce="' + nonce.encode() + b'"', page[:end])
    return head + page[end:]


def _is_html(headers: HTTPHeaders) -> bool:
    return headers.get("Content-Type", "").lower().startswith("text/html")


class GradingPagePolicy(OutputTransform):
    """Adds the policy to formgrader's HTML pages and to feedback files."""

    base_url = "/"

    def __init__(self, request: HTTPServerRequest) -> None:
        path = request.path or ""
        self.formgrader = path.startswith(self.base_url + "formgrader")
        self.feedback = (
            path.startswith(self.base_url + "files/")
            and "/feedback/" in path
            and path.lower().endswith((".html", ".htm"))
        )

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        if self.feedback:
            headers["Content-Security-Policy"] = FEEDBACK_POLICY
        elif self.formgrader and _is_html(headers):
            nonce = secrets.token_urlsafe(18)
            if finishing:  # the whole page: nonce its head's scripts
                chunk = with_head_nonce(chunk, nonce)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(len(chunk))
            headers["Content-Security-Policy"] = formgrader_policy(nonce)
        return status_code, headers, chunk


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "trustvalue_course.grading.pages"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    policy = type("GradingPagePolicy", (GradingPagePolicy,), {"base_url": serverapp.base_url})
    serverapp.web_app.transforms.insert(0, policy)  # before any compression
    serverapp.log.info("trustvalue: grading pages sent with a Content-Security-Policy")
