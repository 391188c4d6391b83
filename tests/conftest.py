"""Shared fixtures: an isolated Jupyter home, real servers, a real browser."""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustvalue_course.content import CONTENT_DIR, Content, load_content

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged content, for tests that break it."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, dest)
    return dest


def jupyter_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment whose Jupyter and Chromium state lives in ``home``, not the machine's."""
    env = dict(os.environ)
    for var in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "TRUSTVALUE_CONTENT",
    ):
        env.pop(var, None)
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    env.update(extra)
    return env


@pytest.fixture
def jenv(tmp_path: Path) -> dict[str, str]:
    return jupyter_env(tmp_path / "home")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_server(
    cmd: list[str], cwd: Path, env: dict[str, str], probe: str, log: Path, timeout: float = 90
) -> Server:
    """Start a real server and wait until ``probe`` (a URL that starts no kernel) answers."""
    fh = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return Server(proc, probe, log)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not answer {probe} in {timeout}s:\n{log.read_text()[-3000:]}")


LAB_TOKEN = "test-token-not-secret"


def start_lab(work: Path, root: Path, **env: str) -> Server:
    """A real JupyterLab serving ``work`` (as `make start` runs it), state and log under ``root``."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={LAB_TOKEN}",
        f"--ServerApp.root_dir={work}",
        "--allow-root",
    ]
    server = start_server(
        cmd,
        work,
        jupyter_env(root / "home", **env),
        f"http://127.0.0.1:{port}/api/status?token={LAB_TOKEN}",
        root / "lab.log",
    )
    server.url = f"http://127.0.0.1:{port}"
    return server


def start_voila(apps: Path, root: Path) -> Server:
    """A real Voila server for the notebooks in ``apps``, its state and log under ``root``."""
    from trustvalue_course.classroom.serve import VOILA_ARGS

    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(apps),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *VOILA_ARGS,
    ]
    server = start_server(
        cmd,
        apps,
        jupyter_env(root / "home"),
        f"http://127.0.0.1:{port}/voila/static/voila.js",
        root / "voila.log",
    )
    server.url = f"http://127.0.0.1:{port}"
    return server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A real headless Chromium: Debian's, or Playwright's own where it is installed."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        kwargs: dict[str, object] = {"args": CHROMIUM_ARGS, "headless": True}
        if Path(executable).exists():
            kwargs["executable_path"] = executable
        browser = pw.chromium.launch(**kwargs)
        yield browser
        browser.close()


def start_classroom(root: Path, token: str, cull: tuple[int, int] = (120, 30)) -> Server:
    """The trainer's server (``make present``) on a free port, its state under ``root``."""
    from trustvalue_course.classroom.serve import server_args, server_env

    apps = root / "apps"
    if not apps.exists():
        shutil.copytree(REPO / "apps", apps)
    port = free_port()
    env = server_env(
        jupyter_env(
            root / "home",
            TRUSTVALUE_LIVE_DB=str(root / "live.sqlite"),
            TRUSTVALUE_JOIN_HOST="127.0.0.1",
        )
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyter_server",
        *server_args(port, "127.0.0.1", apps, cull),
        "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={token}",
    ]
    server = start_server(
        cmd, apps, env, f"http://127.0.0.1:{port}/join", root / f"server-{port}.log"
    )
    server.url = f"http://127.0.0.1:{port}"
    return server


# Where a page may fetch from when nothing may leave the machine.
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:", "file:")  # none leaves the machine


def offline_context(browser, remote: list[str], **kwargs):
    """A browser context that fails, and records, every request leaving the machine."""
    context = browser.new_context(**kwargs)

    def guard(route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def kernel_ids(server: Server, token: str) -> set[str]:
    """The ids of the kernels running in ``server``."""
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={token}", timeout=10) as r:
        return {k["id"] for k in json.loads(r.read())}


def wait_until(check, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met in {timeout}s")
        time.sleep(0.25)


# Visible text nodes drawn under 20 px (the projector's minimum), with their size.
SMALL_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('[hidden], .jp-InputArea, script, style')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const size = parseFloat(cs.fontSize);
    if (size < 19.5) out.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return out;
}"""


def source_texts() -> Path:
    """The folder of the two source texts (``../shared/sources``, or TRUSTVALUE_SOURCES);
    the calling test is skipped, saying why, where they are absent."""
    folder = Path(os.environ.get("TRUSTVALUE_SOURCES", REPO.parent / "shared" / "sources"))
    if not sorted(folder.glob("*.txt")):
        pytest.skip(f"the source texts are not here ({folder}); set TRUSTVALUE_SOURCES")
    return folder


class Phone:
    """A phone in a live room as a plain HTTP client: its own cookie, JSON in and out."""

    def __init__(self, server: Server, code: str, jar: http.cookiejar.CookieJar | None = None):
        self.url = f"{server.url}/trustvalue/live/api/{code}"
        self.jar = jar or http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self) -> tuple[int, dict]:
        """The room as this phone sees it, with the HTTP status (a refusal is data too)."""
        try:
            with self.opener.open(self.url, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            with e:
                return e.code, json.loads(e.read() or b"{}")

    def state(self) -> dict:
        status, body = self.get()
        assert status == 200, (status, body)
        return body

    def send(self, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
        req = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": content_type}
        )
        try:
            with self.opener.open(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            with e:
                return e.code, json.loads(e.read() or b"{}")

    def answer(self, question: int, value: object) -> tuple[int, dict]:
        return self.send(json.dumps({"question": question, "choice": value}).encode())
