"""Module 0 teaches the mechanics a learner actually meets, and no module asks for code.

Every instruction module 0 gives about answering, saving and restoring names a
control, and every control it names exists: a button of the course's widgets
(read from their code), a JupyterLab menu item or shortcut, or a key. The browser
test opens the built module in a real JupyterLab and finds the same menu items,
shortcuts and buttons on screen, and the answer file a click writes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import LAB_TOKEN, REPO, Server, start_lab
from trustvalue_course.content import Content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.content.models import MarkdownCell
from trustvalue_course.learning.timing import module_minutes
from trustvalue_course.publishing.module_notebook import source_notebook

M0 = "00-start-here"
KEYS = REPO / "autograder" / "keys"
WIDGETS = REPO / "widgets" / "trustvalue_widgets"
SHOTS = Path("/tmp/shots-module-zero")

# JupyterLab's own controls that module 0 may name: "Menu > Item" paths, shortcuts
# and the file browser's upload button. The browser test checks each one on screen.
LAB_MENU_ITEMS = {
    "Run > Run All Cells",
    "Kernel > Restart Kernel and Run All Cells",
    "File > Save Notebook",
    "File > Download",
}
LAB_SHORTCUTS = {"Shift+Enter": "Run > Run Selected Cell", "Ctrl+S": "File > Save Notebook"}
LAB_BUTTONS = {"Upload Files"}
KEYS_ON_KEYBOARD = {"Tab", "Enter", "Space"}

BOLD = re.compile(r"\*\*([^*]+)\*\*")
# A bold span right after one of these words is the name of a control.
NAMED = re.compile(
    r"\b(?:press(?:es)?|click(?:s)?|choose|use|with|tick|buttons?|reads)\s+(?:the\s+)?"
    r"\*\*([^*]+)\*\*",
    re.IGNORECASE,
)
# An instruction: one of these verbs with an object ("with a click." is not one).
INSTRUCTION = re.compile(
    r"\b(?:press|click|choose|double-click|tick|use)\b(?![.,;])", re.IGNORECASE
)
ABOUT_WORK = re.compile(r"answer|\bsav|restor|download|reflection|\bkeep", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# The build's own hint under every question: the button it points at is the next thing
# on screen, and it shows its label (Check my answer or Save my answer).
BUILD_HINTS = {"*Choose one option below, then press the button to answer.*"}
# Controls a sentence may name without bold (the build's reflection hint names a key).
PLAIN = ("Shift+Enter", "Ctrl+S")

# What a learner might be told that means writing code to answer.
CODE_ANSWER = re.compile(
    r"\bq\d+\s*=|```|\bin quotes\b|three dots|\bcode cell\b|run the check|well-formed (?:answer|letter)|your letter",
    re.IGNORECASE,
)


def widget_code() -> str:
    """The text of the course's widgets (their labels live in the JavaScript and Python)."""
    files = sorted(WIDGETS.glob("*.py")) + sorted((WIDGETS / "static").glob("*.js"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def built_module_zero(content: Content) -> nbformat.NotebookNode:
    module = content.modules[M0]
    return source_notebook(module, load_keys(module, KEYS), module_minutes(content, module))


def learner_markdown(nb: nbformat.NotebookNode) -> list[str]:
    """Markdown a learner reads: everything but the instructors' grading guide."""
    return [
        c.source for c in nb.cells if c.cell_type == "markdown" and "BEGIN SOLUTION" not in c.source
    ]


def exists(control: str, code: str) -> bool:
    control = control.strip().rstrip(".")
    if control in LAB_MENU_ITEMS or control in LAB_SHORTCUTS or control in LAB_BUTTONS:
        return True
    if control in KEYS_ON_KEYBOARD:
        return True
    return f'"{control}"' in code or f"'{control}'" in code or f"{control}:" in code


def test_the_control_finder_reads_instructions() -> None:
    text = "Then press **Save my answer**. Choose **Run > Run All Cells** and save with **Ctrl+S**."
    assert NAMED.findall(text) == ["Save my answer", "Run > Run All Cells", "Ctrl+S"]
    assert not exists("Submit answer", widget_code())
    assert exists("Save my answer", widget_code())
    assert exists("Download all my work", widget_code())


def test_every_control_module_zero_names_exists(content: Content) -> None:
    code = widget_code()
    named = [
        m for text in learner_markdown(built_module_zero(content)) for m in NAMED.findall(text)
    ]
    assert len(named) >= 15, named
    missing = sorted({c for c in named if not exists(c, code)})
    assert missing == [], f"module 0 names controls that do not exist: {missing}"
    # The menu paths and shortcuts it names are the ones the browser test checks.
    paths = {c for c in named if " > " in c}
    assert paths <= LAB_MENU_ITEMS, paths - LAB_MENU_ITEMS
    for needed in (
        "Check my answer",
        "Save my answer",
        "Download all my work",
        "Restore from a file",
        "Run > Run All Cells",
        "File > Download",
    ):
        assert needed in named, f"module 0 never tells the learner about {needed!r}"


def test_every_instruction_about_answering_saving_or_restoring_names_a_control(
    content: Content,
) -> None:
    code = widget_code()
    vague = []
    for text in learner_markdown(built_module_zero(content)):
        for sentence in SENTENCE.split(text):
            sentence = sentence.strip()
            if sentence in BUILD_HINTS:
                continue
            if INSTRUCTION.search(sentence) and ABOUT_WORK.search(sentence):
                controls = [c for c in BOLD.findall(sentence) if exists(c, code)]
                if not controls and not any(key in sentence for key in PLAIN):
                    vague.append(sentence)
    assert vague == [], "instructions that name no control:\n" + "\n".join(vague)


def test_module_zero_quotes_the_reflection_cell_as_the_learner_sees_it() -> None:
    learner = nbformat.read(REPO / "modules" / M0 / f"{M0}.ipynb", as_version=4)
    answer = next(c for c in learner.cells if c.get("id") == "r1-answer")
    placeholder = answer.source.strip()
    reading = "\n".join(c.source for c in learner.cells if c.cell_type == "markdown")
    assert placeholder.strip("*") in reading


def _module_texts(content: Content) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for module in content.modules.values():
        for cell in module.cells:
            if isinstance(cell, MarkdownCell):
                out.append((module.id, cell.markdown))
        for act in module.activities:
            out.append((f"{module.id}/{act.id}", act.intro))
        for ex in module.exercises:
            out.append((f"{module.id}/{ex.id}", ex.prompt))
            out.extend((f"{module.id}/{ex.id}", text) for text in ex.options.values())
        out.extend((module.id, o) for o in module.objectives)
    return out


def test_no_module_tells_a_learner_to_type_an_answer_as_code(content: Content) -> None:
    found = [
        f"{where}: {m.group(0)!r}"
        for where, text in _module_texts(content)
        for m in CODE_ANSWER.finditer(text)
    ]
    for path in sorted((REPO / "modules").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                found += [f"{path.name}: {m.group(0)!r}" for m in CODE_ANSWER.finditer(cell.source)]
            else:
                # The only code a learner sees: the widgets' loader, the backup line, and one
                # line per activity or question. None of it is for the learner to edit.
                src = cell.source
                plain = re.fullmatch(r'(activity|question)\("[a-z0-9-]+"\)', src)
                assert plain or "Run me first" in src or "CourseBackup" in src, (path, src)
                assert cell.metadata.get("editable") is False or cell.metadata.get(
                    "nbgrader", {}
                ).get("locked"), (path, cell.get("id"))
    assert found == []


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Server, Path]:
    root = tmp_path_factory.mktemp("module-zero")
    work = root / "work"
    shutil.copytree(REPO / "modules", work / "modules")
    server = start_lab(work, root)
    yield server, work
    server.stop()


def _menu_items(page, menu: str) -> list[str]:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    rows = page.locator(".lm-Menu-content > .lm-Menu-item")
    rows.first.wait_for(timeout=10_000)
    items = [" ".join(r.inner_text().split()) for r in rows.all()]
    page.keyboard.press("Escape")
    return items


@pytest.mark.browser
@pytest.mark.server
def test_module_zero_controls_are_on_screen_in_jupyterlab(lab, browser, content: Content) -> None:
    server, work = lab
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(
        f"{server.url}/lab/workspaces/m0/tree/modules/{M0}/{M0}.ipynb?reset&token={LAB_TOKEN}"
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)

    # Every menu item module 0 names, and the shortcuts it names, beside their items.
    menus: dict[str, list[str]] = {}
    for path in sorted(LAB_MENU_ITEMS | set(LAB_SHORTCUTS.values())):
        menu, item = path.split(" > ")
        if menu not in menus:
            menus[menu] = _menu_items(page, menu)
        labels = [row.replace("\u2026", "").strip() for row in menus[menu]]
        assert any(label == item or label.startswith(item + " ") for label in labels), (
            path,
            labels,
        )
    for key, path in LAB_SHORTCUTS.items():
        menu, item = path.split(" > ")
        assert any(row.startswith(item) and row.endswith(key) for row in menus[menu]), (key, menus)
    for title in LAB_BUTTONS:
        assert page.locator(f'.jp-FileBrowser [title="{title}"]').count() >= 1, title

    # Run All Cells: the widgets' buttons module 0 names appear.
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    question = page.locator(".tv-question").first
    question.wait_for(timeout=90_000)
    for label in ("Download all my work", "Restore from a file", "Check my answer"):
        assert page.get_by_role("button", name=label).count() >= 1, label
    sorter = page.locator(".tv-sorter").first
    for label in ("Retry wrong ones", "Start over", "Show answers"):
        assert sorter.get_by_role("button", name=label).count() == 1, label

    # Click an option and the button: the answer is written to saved-answers/ at once.
    question.scroll_into_view_if_needed()
    question.get_by_role("radio").first.check()
    question.get_by_role("button", name="Check my answer").click()
    saved = work / "modules" / M0 / "saved-answers" / "q1.json"
    question.locator(".tv-q-feedback").filter(has_text=re.compile("Right|one more try")).wait_for(
        timeout=20_000
    )
    assert json.loads(saved.read_text())["answer"] == "A"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "question-1280.png"))

    # The reflection cell reads as module 0 says, and opens for typing on a double-click.
    stub = re.compile(r"^\s*Type your answer here \(double-click this cell to edit it\)\.\s*$")
    cell = page.locator(".jp-MarkdownCell").filter(
        has=page.locator(".jp-RenderedMarkdown", has_text=stub)
    )
    assert cell.count() == 1
    cell.scroll_into_view_if_needed()
    index = cell.get_attribute("data-windowed-list-index")
    cell.dblclick()
    editing = page.locator(f'.jp-MarkdownCell[data-windowed-list-index="{index}"] .cm-editor')
    editing.wait_for(timeout=10_000)
    assert "Type your answer here" in editing.inner_text()
    page.screenshot(path=str(SHOTS / "reflection-1280.png"))
    page.goto("about:blank")
    context.close()
