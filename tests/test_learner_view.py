"""Learners see learners' tools: JupyterLab as `make start` opens it shows, of nbgrader,
only the assignment list; the instructor's view (`make instructor`) has formgrader,
create assignment and validate. Real servers, real Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import LAB_TOKEN, REPO, Server, start_lab

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = LAB_TOKEN
M2 = "02-two-perspectives"
SHOTS = Path("/tmp/shots-8")


def lab(root: Path, work: Path, **env: str) -> Server:
    # Served from its folder, as `make start` and `make instructor` run it.
    return start_lab(work, root, **env)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    learner_root = tmp_path_factory.mktemp("learner")
    shutil.copytree(REPO / "modules", learner_root / "modules")
    instructor_root = tmp_path_factory.mktemp("instructor")
    shutil.copytree(
        REPO / "autograder",
        instructor_root / "autograder",
        ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded", "feedback"),
    )
    shutil.copytree(REPO / "modules", instructor_root / "modules")
    servers = {}
    try:
        servers["learner"] = lab(learner_root, learner_root / "modules")
        servers["instructor"] = lab(
            instructor_root,
            instructor_root / "autograder",
            JUPYTER_CONFIG_PATH=str(REPO / "deploy" / "instructor"),
        )
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def look(page, server: Server, notebook: str, name: str) -> dict[str, object]:
    """Open ``notebook``; report which nbgrader tools the page offers."""
    page.goto(f"{server.url}/lab/workspaces/{name}/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    seen: dict[str, object] = {
        "validate": page.locator(".jp-NotebookPanel-toolbar")
        .get_by_text("Validate", exact=True)
        .count(),
        "create": page.locator("[title='Create Assignment'], [data-id*='create']").count(),
    }
    menu = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
    seen["menu"] = []
    if menu.count():
        menu.first.click()
        seen["menu"] = page.locator(".lm-Menu-itemLabel").all_inner_texts()
        page.keyboard.press("Escape")
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
    page.goto("about:blank")
    return seen


def test_learner_lab_offers_only_the_assignment_list(views, browser) -> None:
    page = browser.new_page()
    seen = look(page, views["learner"], f"{M2}/{M2}.ipynb", "learner")
    page.close()
    assert seen["validate"] == 0 and seen["create"] == 0, seen
    assert "Formgrader" not in seen["menu"] and "Course List" not in seen["menu"], seen
    log = views["learner"].log.read_text()
    assert "No nbgrader_config.py" not in log
    assert "formgrader" not in log.lower()


def test_instructor_lab_has_formgrader_create_assignment_and_validate(views, browser) -> None:
    page = browser.new_page()
    seen = look(page, views["instructor"], f"source/{M2}/{M2}.ipynb", "instructor")
    page.close()
    assert seen["validate"] == 1 and seen["create"] >= 1, seen
    assert "Formgrader" in seen["menu"], seen
