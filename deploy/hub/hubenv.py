"""The Python that the hub's accounts run: the course's own environment, reachable by all.

Normally that is simply the hub's interpreter. Where the hub's interpreter cannot be
run by other accounts (a Python installed under root's private home, as pyenv does),
a copy of the same interpreter runs the course's packages instead: same
site-packages, same Jupyter data and settings, found through environment variables.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Where a copy of the interpreter goes when the original is out of other accounts' reach.
SHARED_PYTHON = HERE / "python"


def usable_by_others(path: str | os.PathLike[str]) -> bool:
    """True when every account can run ``path``: the file and each folder above it."""
    target = Path(path).resolve()
    if not target.exists() or not target.stat().st_mode & stat.S_IXOTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in target.parents)


def _shared_python() -> Path:
    return SHARED_PYTHON / "bin" / Path(sys.executable).resolve().name


def share_interpreter() -> Path:
    """Copy the hub's interpreter (not its packages) where every account can run it."""
    base = Path(sys.base_prefix)
    if not _shared_python().exists():
        tmp = SHARED_PYTHON.with_name(SHARED_PYTHON.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        skip = shutil.ignore_patterns("site-packages", "test", "idlelib", "tkinter", "turtledemo")
        (tmp / "bin").mkdir(parents=True)
        shutil.copy2(Path(sys.executable).resolve(), tmp / "bin")
        ver = f"python{sys.version_info[0]}.{sys.version_info[1]}"
        shutil.copytree(base / "lib" / ver, tmp / "lib" / ver, ignore=skip, symlinks=True)
        for lib in (base / "lib").glob("libpython*"):
            shutil.copy2(lib, tmp / "lib", follow_symlinks=False)
        tmp.rename(SHARED_PYTHON)
    return _shared_python()


def user_runtime() -> tuple[str, dict[str, str]]:
    """The interpreter for the accounts' servers and kernels, and the environment it needs.

    Normally the hub's own. When that one sits where other accounts cannot reach it
    (pyenv under /root, say), an identical copy of the interpreter beside this file runs
    the course's packages from the course's environment (root makes the copy once).
    """
    if usable_by_others(sys.executable):
        return sys.executable, {}
    python = _shared_python()
    if not python.exists():
        if os.geteuid() != 0:
            raise SystemExit(
                f"{sys.executable} cannot be run by other accounts: run `make hub` as root."
            )
        share_interpreter()
    prefix = Path(sys.prefix)
    return str(python), {
        "TRUSTVALUE_PYTHON": str(python),
        "PATH": os.pathsep.join([str(HERE / "bin"), os.environ.get("PATH", "")]),
        "LD_LIBRARY_PATH": str(SHARED_PYTHON / "lib"),
        "PYTHONPATH": str(HERE / "site"),
        "TRUSTVALUE_SITE": sysconfig.get_paths()["purelib"],
        "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
        "JUPYTERLAB_DIR": str(prefix / "share" / "jupyter" / "lab"),
        "TRUSTVALUE_ENV_CONFIG": str(prefix / "etc" / "jupyter"),
    }


def account_env(role: str, exchange: str) -> tuple[str, dict[str, str]]:
    """Interpreter and environment for an account of ``role`` (instructor or student)."""
    python, env = user_runtime()
    config = [str(HERE / "config" / role)]
    if role == "instructor":  # nbgrader's instructor tools, hidden from learners by make setup
        config.append(str(HERE.parent / "instructor"))
    if "TRUSTVALUE_ENV_CONFIG" in env:
        config.append(env.pop("TRUSTVALUE_ENV_CONFIG"))
    env.update(
        JUPYTER_CONFIG_PATH=os.pathsep.join(config),
        TRUSTVALUE_EXCHANGE=exchange,
        TRUSTVALUE_ROLE=role,
    )
    return python, env
