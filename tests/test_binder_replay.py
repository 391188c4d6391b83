"""Binder's build, replayed: repo2docker's own plan, installed in a fresh Python 3.11
venv as Binder would, then both badges' pages opened in Chromium.

The badges open the learners' branch (binder/course.yaml), which ``make learners``
builds with :func:`trustvalue_course.publishing.release.learners_branch`. A fresh clone of
main has no such branch, so the test builds it itself, from this checkout's HEAD,
in a temporary clone, and replays a clone of that branch alone: what Binder gets.

Select with ``pytest -m binder``; it also runs in ``make test`` (a few minutes,
most of it pip installing from its cache).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import (
    REPO,
    SMALL_TEXT,
    Server,
    free_port,
    jupyter_env,
    kernel_ids,
    offline_context,
    start_server,
    wait_until,
)
from trustvalue_course.content.models import ModuleKeys
from trustvalue_course.content.yamlsource import read_yaml
from trustvalue_course.publishing.binder import (
    BADGES_END,
    BINDER,
    BINDER_LINK,
    START_HERE,
    VOILA_APP,
    load_setting,
)
from trustvalue_course.publishing.release import learners_branch
from trustvalue_course.publishing.setup_env import INSTRUCTOR_PLUGINS

# ---------------------------------------------------------------------------- Binder's build, replayed
#
# The instructors' commit the learners' branch is built from (default: this
# checkout's HEAD); TRUSTVALUE_BINDER_SOURCE=folder replays a folder as it is instead.
BINDER_SOURCE = os.environ.get("TRUSTVALUE_BINDER_SOURCE")
BINDER_REF = os.environ.get("TRUSTVALUE_BINDER_REF") or "HEAD"
TOKEN = "binder-replay-token-not-secret"
BRANCH = load_setting(REPO).branch  # the branch the badges open


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def learners_clone(dest: Path) -> Path:
    """The learners' branch, built as ``make learners`` builds it, then cloned alone."""
    instructors = dest.parent / "instructors.git"
    sha = run(["git", "-C", str(REPO), "rev-parse", f"{BINDER_REF}^{{commit}}"]).stdout.strip()
    run(["git", "clone", "--quiet", "--bare", "--no-tags", str(REPO), str(instructors)])
    run(["git", "-C", str(instructors), "fetch", "--quiet", str(REPO), sha])  # even if detached
    learners_branch(instructors, branch=BRANCH, source=sha)
    # Through git's transport (file://), as from GitHub: only the branch's own objects
    # travel (a plain local clone would copy the whole object store).
    clone = ["git", "clone", "--quiet", "--no-local", "--single-branch", "--branch", BRANCH]
    run([*clone, f"file://{instructors}", str(dest)])
    return dest


def clean_checkout(dest: Path) -> Path:
    """What Binder clones: the learners' branch (or a given folder, copied as it is)."""
    if BINDER_SOURCE:
        shutil.copytree(BINDER_SOURCE, dest, symlinks=True)
        return dest
    return learners_clone(dest)


def binder_plan(checkout: Path) -> str:
    """repo2docker's own Dockerfile for the checkout: written, not built (no Docker needed)."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    proc = run(
        [
            str(repo2docker),
            "--no-build",
            "--debug",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            ".",
        ],
        cwd=checkout,
        timeout=300,
    )
    return proc.stdout + proc.stderr


@dataclass
class Replay:
    checkout: Path
    venv: Path
    plan: str
    env: dict[str, str]


def replay_env(venv: Path, home: Path) -> dict[str, str]:
    """Binder's user environment: the image's Python first on PATH, HOME is the repository."""
    env = jupyter_env(home)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(venv)
    env.pop("PYTHONPATH", None)
    return env


def replay(root: Path) -> Replay:
    """Replay the install steps of repo2docker's plan in a fresh Python 3.11 venv."""
    checkout = clean_checkout(root / "repo")
    plan = binder_plan(checkout)
    python = shutil.which("python3.11")
    assert python, "Binder's runtime (binder/runtime.txt) is Python 3.11: install python3.11"
    venv = root / "env"
    run([python, "-m", "venv", str(venv)])
    env = replay_env(venv, checkout)
    # pip's cache is kept (Binder's --no-cache-dir only keeps its image small).
    for requirements in re.findall(r'bin/pip install --no-cache-dir -r "([^"]+)"', plan):
        run(
            [
                str(venv / "bin/python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                requirements,
            ],
            cwd=checkout,
            env=env,
            timeout=900,
        )
    for script in re.findall(r"^RUN \./(\S*postBuild)$", plan, flags=re.MULTILINE):
        (checkout / script).chmod(0o755)
        run([f"./{script}"], cwd=checkout, env=env, timeout=600)
    return Replay(checkout, venv, plan, env)


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> Replay:
    return replay(tmp_path_factory.mktemp("binder"))


@pytest.mark.binder
def test_repo2docker_plans_python_311_the_pinned_requirements_then_postbuild(binder) -> None:
    plan = binder.plan
    assert "Building conda environment for python=3.11" in plan
    steps = [
        line
        for line in plan.splitlines()
        if (line.startswith(("RUN ", "COPY ", "CMD ")) and "binder/" in line)
        or line.startswith("COPY --chown=1000:1000 src/ ")
    ]
    assert steps == [
        "COPY --chown=1000:1000 src/binder/requirements.txt ${REPO_DIR}/binder/requirements.txt",
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"',
        "COPY --chown=1000:1000 src/ ${REPO_DIR}/",
        "RUN chmod +x binder/postBuild",
        "RUN ./binder/postBuild",
    ]
    # The replayed environment is the one the plan describes.
    version = run([str(binder.venv / "bin/python"), "--version"]).stdout
    assert version.startswith("Python 3.11")
    frozen = run(
        [str(binder.venv / "bin/python"), "-m", "pip", "freeze", "--exclude-editable"],
        env=binder.env,
    ).stdout.split()
    pins = [
        line
        for line in (binder.checkout / "binder/requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    norm = lambda s: re.sub(r"[-_.]+", "-", s).lower()  # noqa: E731
    assert {norm(p) for p in pins} <= {norm(f) for f in frozen}


@pytest.mark.binder
def test_binder_image_holds_no_instructor_material(binder) -> None:
    checkout = binder.checkout
    assert not (checkout / "autograder/keys").exists()
    assert not (checkout / "autograder/source").exists()
    guides = grading_guides()

    def grep(patterns: list[str], *where: Path, include: str = "*") -> list[str]:
        listed = checkout.parent / "patterns.txt"
        listed.write_text("\n".join(patterns) + "\n")
        cmd = ["grep", "-rlF", "--exclude-dir=.git", f"--include={include}", "-f", str(listed)]
        return subprocess.run(
            [*cmd, *map(str, where)], capture_output=True, text=True
        ).stdout.split()

    # No notebook anywhere holds a solution or hidden tests...
    assert grep(["### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION"], checkout, include="*.ipynb") == []
    # ...and no file of the checkout or the environment holds a grading guide.
    assert grep(guides, checkout, binder.venv) == []
    disabled = json.loads((binder.venv / "etc/jupyter/labconfig/page_config.json").read_text())[
        "disabledExtensions"
    ]
    assert all(disabled.get(name) for name in INSTRUCTOR_PLUGINS)


def grading_guides() -> list[str]:
    """The first line of every grading guide: the instructors' secret to look for."""
    guides = []
    for path in sorted((REPO / "autograder/keys").glob("*.yaml")):
        keys = read_yaml(path).validate(ModuleKeys)
        guides += [r.guide.strip().splitlines()[0][:60] for r in keys.reflections.values()]
    assert guides, "the instructor's grading guides are the secret to look for"
    return guides


@pytest.mark.binder
def test_binder_history_holds_no_instructor_material(binder) -> None:
    """Every object Binder clones, in every commit of the branch, is learners' material."""
    if not (binder.checkout / ".git").exists():
        pytest.skip("TRUSTVALUE_BINDER_SOURCE is a folder, not a git clone: no history to check")
    git = ["git", "-C", str(binder.checkout)]
    commits = run([*git, "rev-list", "--all"]).stdout.split()
    assert commits, "the learners' branch has commits"
    objects = run([*git, "rev-list", "--objects", "--all"]).stdout
    paths = {line.split(" ", 1)[1] for line in objects.splitlines() if " " in line}
    assert "modules" in paths and "binder/course.yaml" in paths
    assert not {p for p in paths if p.startswith(("autograder", "tests", "bench"))}
    # No commit's parent is an instructors' commit, and no blob holds a secret.
    instructors = set(run(["git", "-C", str(REPO), "rev-list", BINDER_REF]).stdout.split())
    assert not instructors & set(commits)
    notebooks = set()
    for commit in commits:
        listing = run([*git, "ls-tree", "-r", commit]).stdout.splitlines()
        notebooks |= {line.split()[2] for line in listing if line.endswith(".ipynb")}
    every_blob = run([*git, "cat-file", "--batch-all-objects", "--batch"], errors="replace")
    in_notebooks = run([*git, "cat-file", "--batch"], input="\n".join(notebooks) + "\n")
    assert [s for s in grading_guides() if s in every_blob.stdout] == []
    markers = ["### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION"]
    assert [m for m in markers if m in in_notebooks.stdout] == []


def start_binder_server(binder: Replay, log: Path) -> Server:
    """JupyterLab from the replayed environment, run from the repository as Binder runs it."""
    port = free_port()
    cmd = [
        str(binder.venv / "bin/jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={binder.checkout}",
        "--allow-root",
    ]
    probe = f"http://127.0.0.1:{port}/api/status?token={TOKEN}"
    server = start_server(cmd, binder.checkout, binder.env, probe, log)
    server.url = f"http://127.0.0.1:{port}"
    return server


@pytest.mark.binder
@pytest.mark.browser
@pytest.mark.server
def test_each_badge_opens_its_page_in_the_replayed_environment(binder, browser) -> None:
    setting = load_setting(binder.checkout)
    readme = (binder.checkout / "README.md").read_text(encoding="utf-8")
    prefix = f"{BINDER}/{setting.repository}/{setting.branch}?urlpath="
    urlpaths = [
        unquote(link[len(prefix) :]) for link in BINDER_LINK.findall(readme.split(BADGES_END)[0])
    ]
    assert urlpaths == [START_HERE, VOILA_APP]
    server = start_binder_server(binder, binder.checkout.parent / "lab.log")
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        # The JupyterLab badge: the start-here module, run, shows its first widgets.
        page.goto(f"{server.url}/{START_HERE}?token={TOKEN}")
        page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=120_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.locator(".tv-backup").get_by_role("button", name="Download all my work").wait_for(
            timeout=90_000
        )
        page.locator(".tv-sorter .tv-card").first.wait_for(state="attached", timeout=90_000)
        assert page.get_by_text("Create Assignment").count() == 0
        assert page.get_by_text("Formgrader").count() == 0
        page.locator(".tv-backup").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/shots-12/binder-lab-start-here-1280.png")
        page.goto("about:blank")
        context.close()
        # The Voila badge: the trainers' app, no code on screen, in the course's template
        # (projector type, nothing from the network, closing the tab ends its kernel).
        remote: list[str] = []
        failed: list[str] = []
        context = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
        context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page = context.new_page()
        before = kernel_ids(server, TOKEN)
        page.goto(f"{server.url}/{VOILA_APP}?token={TOKEN}", timeout=120_000)
        page.locator(".tv-sorter .tv-card").first.wait_for(timeout=120_000)
        assert "import" not in page.locator("body").inner_text()
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20
        assert page.evaluate(SMALL_TEXT) == []
        page.screenshot(path="/tmp/shots-binder/binder-replay-voila-app-1280x720.png")
        mine = kernel_ids(server, TOKEN) - before
        assert len(mine) == 1
        page.close(run_before_unload=True)
        wait_until(
            lambda: not mine & kernel_ids(server, TOKEN), 30, "the Voila tab's kernel shut down"
        )
        context.close()
        assert remote == [] and failed == []
        log = server.log.read_text()
        assert "_xsrf' argument missing" not in log
        # The learners' server has no live rooms' public page.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}/join", timeout=10)
        refused.value.close()
        assert refused.value.code == 404
    finally:
        server.stop()
