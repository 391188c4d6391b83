"""The one place that says how the trainer's server runs, for `make present` and the tests.

One ``jupyter server`` carries both halves of the classroom:

- Voila, loaded as a server extension, renders the trainer apps (``apps/*.ipynb``)
  at ``/voila/render/<app>.ipynb`` behind the server's token;
- the course's own extension (``trustvalue_course.classroom``), with its live rooms on
  (``--TrustvalueLive.rooms=True``), serves the gallery at ``/trustvalue/`` and the
  phones' page at ``/join`` (public, answers only).

Every other Jupyter server of the course's environment (``make start``, Binder, the
hub) renders Voila pages with the same settings (``VOILA_CONFIG``, written into the
environment by ``trustvalue_course.publishing.setup_env``) and loads the course's extension with
its live rooms off: no ``/join`` page there.

Standalone ``voila`` cannot load server extensions, which is why the server is
``jupyter server`` with Voila as an extension (Voila's kernel preheating exists
only in standalone mode, so it is not used).

    python -m trustvalue_course.classroom.serve [--port=N] [--ip=ADDR] [--no-browser] [extra args]
    python -m trustvalue_course.classroom.serve voila-args   (the Voila settings alone, as arguments of `voila`)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # trustvalue_course/
REPO = PACKAGE.parents[1]
APPS = REPO / "apps"
TEMPLATE_ROOT = PACKAGE / "share" / "jupyter"  # holds voila/templates/trustvalue

# Lab extensions that throw errors inside Voila's page.
EXTENSION_DENYLIST = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]
# What a Voila page may send to its kernel: widget messages, never code.
ALLOWED_MESSAGES = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]
CULL_IDLE_SECONDS = 120
CULL_INTERVAL_SECONDS = 30
FRIENDLY_ERROR = (
    "This screen could not start. Reload the page; if it happens again, go back and open it again."
)


def _list(values: list[str]) -> str:
    return json.dumps(values, separators=(",", ":"))


def cull_args(idle: int = CULL_IDLE_SECONDS, interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    """Kernels of tabs that closed without saying so are culled after ``idle`` seconds."""
    return [
        f"--MappingKernelManager.cull_idle_timeout={idle}",
        f"--MappingKernelManager.cull_interval={interval}",
    ]


# How every Voila of the course's environment renders a page: the course's template
# (offline, projector-sized), no tracebacks, a friendly line for a failing cell. The one
# source: ``make present`` passes these as arguments; ``setup_env`` writes them into the
# environment's configuration, where Voila inside ``jupyter lab``/``jupyter server``
# (Binder, ``make start``, the hub) and standalone ``voila`` find them.
VOILA_CONFIG: dict[str, dict[str, object]] = {
    "VoilaConfiguration": {
        "extension_denylist": EXTENSION_DENYLIST,
        "show_tracebacks": False,
        "template": "trustvalue",
        "theme": "light",
    },
    "VoilaExecutor": {"cell_error_instruction": FRIENDLY_ERROR},
}


def _arg(value: object) -> str:
    if isinstance(value, list):
        return _list(value)
    return str(value)


VOILA_SETTINGS = [
    f"--{section}.{name}={_arg(value)}"
    for section, traits in VOILA_CONFIG.items()
    for name, value in traits.items()
]
VOILA_ARGS = [*cull_args(), *VOILA_SETTINGS]
# The course's extension serves the live rooms (the public /join page and its API) and the
# gallery only where it is told to: in the trainer's server. Elsewhere (a learner's Lab,
# Binder, the hub) it serves only what a Voila page of the course's template needs.
LIVE_ROOMS = "--TrustvalueLive.rooms=True"


def server_extensions() -> dict[str, bool]:
    """Voila and the course's extension on; every other installed extension off."""
    from jupyter_core.paths import jupyter_config_path
    from jupyter_server.extension.config import ExtensionConfigManager

    manager = ExtensionConfigManager(read_config_path=jupyter_config_path())
    found = {name: name.split(".")[0] == "voila" for name in manager.get_jpserver_extensions()}
    if not any(found.values()):
        found["voila"] = True
    return {**found, "trustvalue_course.classroom": True}


def server_args(
    port: int,
    ip: str = "0.0.0.0",
    apps: Path = APPS,
    cull: tuple[int, int] = (CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS),
) -> list[str]:
    """Arguments of ``jupyter server`` for the trainer apps and the live rooms."""
    return [
        f"--ServerApp.root_dir={apps}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.ip={ip}",
        *(f"--ServerApp.jpserver_extensions={k}={v}" for k, v in server_extensions().items()),
        "--ServerApp.default_url=/trustvalue/",
        "--ServerApp.terminals_enabled=False",
        "--MappingKernelManager.allowed_message_types=" + _list(ALLOWED_MESSAGES),
        # Kernels talk to the server over local sockets, not TCP (ipykernel warns at each start).
        "--KernelManager.transport=ipc",
        # jupyter_server's websockets wait 90 s for a pong by default, longer than their 30 s
        # ping, which tornado warns about at the first connection: wait one interval.
        '--ServerApp.tornado_settings={"ws_ping_timeout":30000}',
        *cull_args(*cull),
        *VOILA_SETTINGS,
        LIVE_ROOMS,
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


def server_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment: the course's Voila template is found on JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    paths = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["voila-args"]:
        print(" ".join(f"'{a}'" for a in VOILA_ARGS))
        return 0
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    port, ip, extra = 8888, "0.0.0.0", []
    for arg in argv:
        if arg.startswith("--port="):
            port = int(arg.split("=", 1)[1])
        elif arg.startswith("--ip="):
            ip = arg.split("=", 1)[1]
        elif arg == "--no-browser":
            extra.append("--ServerApp.open_browser=False")
        else:
            extra.append(arg)
    cmd = [sys.executable, "-m", "jupyter_server", *server_args(port, ip), *extra]
    os.execve(sys.executable, cmd, server_env())  # the server takes this process's place


if __name__ == "__main__":
    sys.exit(main())
