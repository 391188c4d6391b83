"""Binder's first paint and weight, measured in the environment Binder's build plan gives.

The environment is the one tests/test_binder_replay.py replays: repo2docker's
plan for the checkout's HEAD, installed in a fresh Python 3.11 venv, then
postBuild. Two figures, each against a baseline measured in the same run:

* seconds from starting the server to the start-here module's first widget
  (open the notebook, Run All, the widget is on screen), against the same for
  a notebook holding one ipywidgets button, in the same environment;
* the environment's size on disk, against a venv of only the packages
  pyproject.toml requires (at the same pinned versions). Goal: at most 1.3 times.

Not counted: the conda base environment repo2docker puts under every image
(its own Python, JupyterHub's single-user server), which only Docker can build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import tomllib

REPO = Path(__file__).resolve().parents[1]
START = "lab/tree/modules/00-start-here/00-start-here.ipynb"


KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def write_baseline(
    path: Path, code: str = "import ipywidgets as w\nw.Button(description='Baseline')"
) -> None:
    """The baseline page of the Voila benchmarks: one plain ipywidgets button."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = KERNELSPEC
    nbformat.write(nb, path)


def disk_size(folder: Path) -> int:
    """Bytes on disk under ``folder`` (what `du` counts), each file once."""
    seen, total = set(), 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(root, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def required_only_venv(root: Path) -> Path:
    """A venv of pyproject.toml's dependencies alone, at binder/requirements.txt's versions."""
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    venv = root / "required"
    subprocess.run(
        [shutil.which("python3.11") or "python3.11", "-m", "venv", str(venv)], check=True
    )
    subprocess.run(
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(REPO / "binder/requirements.txt"),
            *deps,
        ],
        check=True,
    )
    return venv


def binder_rows(
    repeat: int = 3,
) -> tuple[list[tuple[str, float, str, float]], list[tuple[str, int, str, int]]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO / "tests"))
    from test_binder_replay import TOKEN, replay

    from conftest import CHROMIUM_ARGS, free_port, start_server

    with tempfile.TemporaryDirectory() as tmp:
        env = replay(Path(tmp))
        write_baseline(env.checkout / "baseline.ipynb")
        with sync_playwright() as pw:
            chromium = shutil.which("chromium") or "/usr/bin/chromium"
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            def first_paint(urlpath: str, selector: str) -> Callable[[], object]:
                def go() -> None:
                    port = free_port()
                    cmd = [
                        str(env.venv / "bin/jupyter"),
                        "lab",
                        "--no-browser",
                        f"--port={port}",
                        "--ServerApp.ip=127.0.0.1",
                        f"--IdentityProvider.token={TOKEN}",
                        f"--ServerApp.root_dir={env.checkout}",
                        "--allow-root",
                    ]
                    probe = f"http://127.0.0.1:{port}/api/status?token={TOKEN}"
                    server = start_server(cmd, env.checkout, env.env, probe, Path(tmp) / "lab.log")
                    try:
                        page = browser.new_page(viewport={"width": 1280, "height": 720})
                        page.goto(f"http://127.0.0.1:{port}/{urlpath}?reset&token={TOKEN}")
                        page.wait_for_selector(
                            "text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=120_000
                        )
                        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
                        page.wait_for_selector(selector, state="attached", timeout=120_000)
                        page.goto("about:blank")
                        page.close()
                    finally:
                        server.stop()

                return go

            def timed_from_start(fn: Callable[[], object]) -> float:
                fn()  # warm-up: first start compiles bytecode, fills caches
                samples = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    fn()
                    samples.append(time.perf_counter() - start)
                return sorted(samples)[len(samples) // 2]

            base = timed_from_start(
                first_paint("lab/tree/baseline.ipynb", "button:has-text('Baseline')")
            )
            ours = timed_from_start(first_paint(START, ".tv-backup button"))
            browser.close()
        times = [
            (
                "binder: server start to start-here's first widget",
                ours,
                "binder: server start to one ipywidgets button",
                base,
            )
        ]
        sizes = [
            (
                "binder: replayed environment (venv)",
                disk_size(env.venv),
                "a venv of pyproject's dependencies only",
                disk_size(required_only_venv(Path(tmp))),
            )
        ]
    return times, sizes
