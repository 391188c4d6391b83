"""Questions in a real browser: JupyterLab and Voila, driven by headless Chromium.

Answer by mouse and by keyboard, restart the kernel, reopen: the answer comes
back. The self-study edition explains; the instructor-led edition does not."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import LAB_TOKEN, REPO, Server, jupyter_env, start_lab, start_voila
from trustvalue_course.content import Content

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = LAB_TOKEN
M2 = "02-two-perspectives"
SHOTS = Path("/tmp/shots-7")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """self-study/: the modules as Binder serves them; graded/: nbgrader's release of module 2."""
    root = tmp_path_factory.mktemp("editions")
    work = root / "work"
    shutil.copytree(REPO / "modules" / M2, work / "self-study" / M2)
    course = root / "autograder"
    shutil.copytree(REPO / "autograder", course, ignore=shutil.ignore_patterns("release", "*.db"))
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", M2, "--force"],
        cwd=course,
        env=jupyter_env(root / "nbhome"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    shutil.copytree(course / "release" / M2, work / "graded" / M2)
    return work


@pytest.fixture(scope="module")
def lab(folders: Path) -> Iterator[Server]:
    server = start_lab(folders, folders.parent / "lab")
    yield server
    server.stop()


def practice_key(folders: Path, qid: str) -> dict:
    data = json.loads((folders / "self-study" / M2 / ".practice-answers.json").read_text())
    return data["questions"][qid]


def open_and_run(page, server: Server, notebook: str, workspace: str) -> None:
    page.goto(f"{server.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def restart_and_run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").first.click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()


def keyboard_choice(letters: list[str], target: str, avoid: str) -> tuple[str, str]:
    """A neighbour of ``target`` (not ``avoid``) and the arrow key that moves from it to ``target``."""
    i = letters.index(target)
    if i > 0 and letters[i - 1] != avoid:
        return letters[i - 1], "ArrowDown"
    return letters[i + 1], "ArrowUp"


def answer_by_keyboard(page, widget, start: str, arrow: str) -> None:
    widget.locator(f'input[value="{start}"]').focus()
    page.keyboard.press(arrow)  # the radio group moves and selects, as in any form
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")


def test_lab_self_study_explains_and_restores(lab, folders, browser, content: Content) -> None:
    ex = content.modules[M2].exercises[0]
    letters = list(ex.options)
    key = practice_key(folders, "q1")
    start, arrow = keyboard_choice(letters, key["answer"], avoid="")
    wrong = next(x for x in letters if x not in (key["answer"], start))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_and_run(page, lab, f"self-study/{M2}/{M2}.ipynb", "self")
    widget = page.locator(".tv-question").first
    widget.wait_for(timeout=60_000)
    assert widget.get_by_role("radio").count() == len(letters)
    assert widget.locator("legend").text_content().startswith("Question 1")

    # By mouse: a wrong answer, which may be tried once more, without the explanation yet.
    widget.get_by_role("radio", name=f"{wrong}. {ex.options[wrong]}").check()
    widget.get_by_role("button", name="Check my answer").click()
    feedback = widget.locator(".tv-q-feedback")
    feedback.filter(has_text="one more try").wait_for(timeout=20_000)
    assert key["why"] not in feedback.text_content()
    assert widget.locator(f'input[value="{wrong}"]').is_disabled()

    # By keyboard: arrow to the best answer, Tab to the button, Enter.
    answer_by_keyboard(page, widget, start, arrow)
    feedback.filter(has_text="Right").wait_for(timeout=20_000)
    assert key["why"] in feedback.text_content()
    widget.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "lab-self-study-1280.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(SHOTS / "lab-self-study-1920.png"))
    saved = json.loads((folders / "self-study" / M2 / "saved-answers" / "q1.json").read_text())
    assert (saved["answer"], saved["attempts"]) == (key["answer"], [wrong, key["answer"]])

    # A new kernel: the answer and the explanation come back.
    restart_and_run_all(page)
    page.locator(".tv-question").first.locator(".tv-q-feedback", has_text="Right").wait_for(
        timeout=60_000
    )
    assert (
        page.locator(".tv-question").first.locator(f'input[value="{key["answer"]}"]').is_checked()
    )
    page.goto("about:blank")
    context.close()


def test_lab_graded_edition_saves_without_revealing(
    lab, folders, browser, content: Content
) -> None:
    ex = content.modules[M2].exercises[1]
    letters = list(ex.options)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_and_run(page, lab, f"graded/{M2}/{M2}.ipynb", "graded")
    widget = page.locator(".tv-question").nth(1)
    widget.wait_for(timeout=60_000)
    answer_by_keyboard(page, widget, letters[0], "ArrowDown")
    feedback = widget.locator(".tv-q-feedback")
    feedback.filter(has_text="is saved").wait_for(timeout=20_000)
    # Nothing says right or wrong, no option is marked as the answer.
    text = widget.text_content()
    assert "Right" not in text and "not the best" not in text and "best answer" not in text
    assert widget.locator(".tv-q-key, .tv-q-wrong").count() == 0
    widget.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lab-graded-1280.png"))
    saved = folders / "graded" / M2 / "saved-answers" / "q2.json"
    assert json.loads(saved.read_text())["answer"] == letters[1]

    # Close, reopen in a new page and a new kernel: the saved answer is selected again.
    page.goto("about:blank")
    page.close()
    page = context.new_page()
    page.goto(f"{lab.url}/lab/workspaces/graded?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    restart_and_run_all(page)
    again = page.locator(".tv-question").nth(1)
    again.locator(".tv-q-feedback", has_text="is saved").wait_for(timeout=60_000)
    assert again.locator(f'input[value="{letters[1]}"]').is_checked()
    page.goto("about:blank")
    context.close()


@pytest.fixture(scope="module")
def voila(folders: Path) -> Iterator[Server]:
    server = start_voila(folders, folders.parent / "voila")
    yield server
    server.stop()


def test_voila_self_study_answer_by_mouse_and_reload(
    voila, folders, browser, content: Content
) -> None:
    ex = content.modules[M2].exercises[3]
    key = practice_key(folders, "q4")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{voila.url}/voila/render/self-study/{M2}/{M2}.ipynb", timeout=120_000)
    widget = page.locator(".tv-question").nth(3)
    widget.wait_for(timeout=120_000)
    option = widget.locator(".tv-q-option", has_text=ex.options[key["answer"]])
    option.click()  # anywhere on the option's label, as a learner clicks
    assert widget.locator(f'input[value="{key["answer"]}"]').is_checked()
    widget.get_by_role("button", name="Check my answer").click()
    widget.locator(".tv-q-feedback", has_text="Right").wait_for(timeout=20_000)
    assert key["why"] in widget.text_content()
    widget.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "voila-self-study-1920.png"))
    page.goto("about:blank")
    page.goto(f"{voila.url}/voila/render/self-study/{M2}/{M2}.ipynb", timeout=120_000)
    again = page.locator(".tv-question").nth(3)
    again.locator(".tv-q-feedback", has_text="Right").wait_for(timeout=120_000)
    assert again.locator(f'input[value="{key["answer"]}"]').is_checked()
    assert again.get_by_role("button", name="Answered").is_disabled()
    page.goto("about:blank")
    context.close()
