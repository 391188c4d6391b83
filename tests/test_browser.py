"""Real JupyterLab and Voila servers, driven by a real headless Chromium."""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from conftest import LAB_TOKEN, REPO, Server, start_lab, start_voila
from trustvalue_course.content import Content
from trustvalue_course.learning.spiral import SpiralParams, simulate

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = LAB_TOKEN
M2 = "02-two-perspectives"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    root = tmp_path_factory.mktemp("lab")
    work = root / "modules"
    shutil.copytree(REPO / "modules", work)
    server = start_lab(work, root)
    yield server, work
    server.stop()


def open_and_run(page, server: Server, notebook: str) -> None:
    """Open ``notebook`` alone in a fresh workspace, wait for its kernel, Run All."""
    name = notebook.split("/")[0]
    page.goto(f"{server.url}/lab/workspaces/{name}/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    # A Run All sent before the kernel is ready is dropped: wait for Idle first.
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def test_lab_sort_by_mouse_and_keyboard_and_reopen(lab, browser, content: Content) -> None:
    server, work = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_and_run(page, server, f"{M2}/{M2}.ipynb")
    page.wait_for_selector(".tv-sorter .tv-card", timeout=60_000)
    sorter = page.locator(".tv-sorter").first
    cards = sorter.locator(".tv-card")
    ids = [cards.nth(i).get_attribute("data-sid") for i in range(3)]

    # Two statements by mouse.
    cards.nth(0).get_by_role("button", name="The pie").click()
    cards.nth(1).get_by_role("button", name="Needs or opportunity").click()
    # One by keyboard alone: focus the first choice, Tab to the next, press Enter.
    cards.nth(2).get_by_role("button", name="The pie").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    chosen = {ids[0]: "pie", ids[1]: "needs", ids[2]: "needs"}
    for i, sid in enumerate(ids):
        st = content.statements[sid]
        card = cards.nth(i)
        verdict = "Correct" if st.answers["contrast"] == chosen[sid] else "Not quite"
        card.locator(".tv-verdict", has_text=verdict).wait_for(timeout=20_000)
        assert card.locator(".tv-explanation").inner_text() == st.explanation
        pressed = card.locator('[aria-pressed="true"]')
        assert pressed.count() == 1 and pressed.get_attribute("data-cat") == chosen[sid]
    correct = sum(content.statements[s].answers["contrast"] == c for s, c in chosen.items())
    assert f"{correct} of 3 placed correctly" in sorter.locator(".tv-score").inner_text()
    page.screenshot(path=str(work.parent / "lab-sorter.png"))

    saved = json.loads((work / M2 / "saved-answers" / "m02-sort-pie-needs.json").read_text())
    assert saved["placements"] == chosen

    # Close and reopen the notebook in a new kernel: the work comes back.
    page.goto("about:blank")
    page.close()
    page = context.new_page()
    page.goto(f"{server.url}/lab/workspaces/{M2}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").first.click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()
    again = page.locator(".tv-sorter").first.locator(".tv-card")
    again.nth(2).locator('[aria-pressed="true"]').wait_for(timeout=60_000)
    assert again.nth(2).locator('[aria-pressed="true"]').get_attribute("data-cat") == "needs"
    explanation = content.statements[ids[0]].explanation
    again.nth(0).locator(".tv-explanation", has_text=explanation).wait_for(timeout=30_000)
    page.goto("about:blank")
    context.close()


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    root = tmp_path_factory.mktemp("voila")
    apps = root / "apps"
    shutil.copytree(REPO / "apps", apps)
    hostile = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from trustvalue_course.content import course_content\n"
                "from trustvalue_course.content.models import Statement\n"
                "from trustvalue_widgets import StatementSorter\n"
                "c = course_content()\n"
                "bad = Statement.model_construct(id='x1', text='<img src=x onerror=\"window.__xss=1\"><b>bold</b>',"
                " context='<script>window.__xss=2</script>', answers={'perspective': 'fear_me'},"
                " explanation='<i>not italic</i> <a href=\"javascript:alert(1)\">link</a>')\n"
                "StatementSorter([bad], c.schemes['perspective'])"
            )
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(hostile, apps / "hostile.ipynb")
    # The learners' course map (with its Refresh button) reads ../modules from the apps.
    shutil.copytree(REPO / "modules", root / "modules")
    shutil.copy(REPO / "modules" / "course-map.ipynb", apps / "learner-course-map.ipynb")
    server = start_voila(apps, root)
    yield server, root
    server.stop()


def test_voila_app_shows_no_code_and_clicks_reach_python(voila, browser, content: Content) -> None:
    server, root = voila
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/statement-sorter.ipynb", timeout=90_000)
    page.wait_for_selector(".tv-sorter .tv-card", timeout=90_000)
    body = page.locator("body").inner_text()
    assert "import" not in body and "SorterApp(" not in body
    assert page.locator(".cm-editor, .CodeMirror").count() == 0
    assert all(
        t.strip() == "" for t in page.locator(".jp-CodeCell .jp-InputArea").all_inner_texts()
    )
    assert page.get_by_role("heading", name="Sort the statements").count() == 1

    # Projector-sized text.
    size = page.locator(".tv-sorter .tv-text").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 24

    card = page.locator(".tv-card").first
    sid = card.get_attribute("data-sid")
    card.get_by_role("button", name="Trust & We").click()
    # The explanation is never sent before the click: seeing it proves Python answered.
    card.locator(".tv-explanation").wait_for(timeout=20_000)
    assert card.locator(".tv-explanation").inner_text() == content.statements[sid].explanation

    # Switching the scheme rebuilds the sorter in Python.
    page.locator(".tv-app-chooser select").select_option(label="Which of the five contrasts?")
    page.locator(".tv-card").first.get_by_role("button", name="Conflict or confrontation").wait_for(
        timeout=20_000
    )
    page.screenshot(path=str(root / "voila-sorter.png"))
    page.goto("about:blank")
    context.close()


def test_voila_shows_hostile_text_as_text(voila, browser) -> None:
    server, _root = voila
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/hostile.ipynb", timeout=90_000)
    page.wait_for_selector(".tv-sorter .tv-card", timeout=90_000)
    card = page.locator(".tv-card").first
    assert card.locator(".tv-text").inner_text().startswith('<img src=x onerror="window.__xss=1">')
    assert card.locator("img, b, script").count() == 0
    card.get_by_role("button", name="Fear & Me").click()
    card.locator(".tv-explanation").wait_for(timeout=20_000)
    assert card.locator(".tv-explanation").inner_text().startswith("<i>not italic</i>")
    assert card.locator("i, a").count() == 0
    assert page.evaluate("window.__xss") is None
    page.goto("about:blank")
    context.close()


def score_by_keyboard(page, card, scores: dict[str, int]) -> None:
    """Score every criterion with the keyboard alone: Tab between groups, arrows within."""
    first = card.locator("fieldset.tv-criterion").first
    first.locator('input[value="0"]').focus()
    crit_ids = [fs.get_attribute("data-cid") for fs in card.locator("fieldset.tv-criterion").all()]
    for n, cid in enumerate(crit_ids):
        if n:
            page.keyboard.press("Tab")
        target = scores[cid]
        if target == 0:
            page.keyboard.press("Space")
        for _ in range(target):
            page.keyboard.press("ArrowRight")
        card.locator(f'fieldset[data-cid="{cid}"] input[value="{target}"]:checked').wait_for(
            timeout=10_000
        )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Compare with the reference"


def reference_scores(content: Content, case_id: str) -> dict[str, int]:
    ref = content.cases[case_id].reference
    return {k: v.score for part in (ref.elements, ref.contrasts) for k, v in part.items()}


def test_lab_score_a_case_by_keyboard_and_move_a_slider(lab, browser, content: Content) -> None:
    server, work = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_and_run(page, server, "07-capstone/07-capstone.ipynb")
    card = page.locator(".tv-scorecard").first
    # JupyterLab skips rendering cells far off screen: wait for the widget, then scroll to it.
    card.locator("fieldset.tv-criterion").first.wait_for(state="attached", timeout=60_000)
    card.scroll_into_view_if_needed()
    scores = reference_scores(content, "serra-alta-smart-meters")  # the first capstone case
    scores["convener"] = (scores["convener"] + 2) % 5  # one deliberate disagreement
    score_by_keyboard(page, card, scores)
    card.locator("img.tv-chart").wait_for(timeout=30_000)
    card.locator(".tv-verdict:not(.tv-waiting)").wait_for(timeout=30_000)
    assert "Convener of stature: you" in card.locator("img.tv-chart").get_attribute("alt")
    assert card.locator(".tv-gaps li", has_text="Convener of stature").count() == 1
    assert card.locator(".tv-verdict").inner_text().strip()
    saved = json.loads(
        (work / "07-capstone" / "saved-answers" / "m07-score-serra.json").read_text()
    )
    assert saved["scores"] == scores and saved["revealed"] is True
    page.screenshot(path=str(work.parent / "lab-scorecard.png"), full_page=False)

    open_and_run(page, server, "03-trust-spiral/03-trust-spiral.ipynb")
    sim = page.locator(".tv-spiral").first
    trust = sim.locator("svg.tv-chart path.tv-line[data-series='trust']")
    trust.wait_for(state="attached", timeout=60_000)
    sim.scroll_into_view_if_needed()
    page.wait_for_function("el => el.getAttribute('d')", arg=trust.element_handle())
    before = trust.get_attribute("d")
    sim.locator('input[data-name="openness"]').focus()
    page.keyboard.press("Home")  # openness to zero, by keyboard
    sim.locator('input[data-name="shared_perspective"]').focus()
    page.keyboard.press("Home")
    page.wait_for_function(
        "([el, old]) => el.getAttribute('d') !== old",
        arg=[trust.element_handle(), before],
        timeout=20_000,
    )
    assert "Spiralling out" in sim.locator(".tv-direction").inner_text()
    page.goto("about:blank")
    context.close()


# Each point of a drawn line, read back as a level on the chart's axis (0% to 100% grid).
DRAWN_LEVELS = """series => {
  const svg = document.querySelector('svg.tv-chart');
  const grid = [...svg.querySelectorAll('.tv-grid')].map(l => Number(l.getAttribute('y1')));
  const [bottom, top] = [grid[0], grid[grid.length - 1]];
  const d = svg.querySelector(`path[data-series="${series}"]`).getAttribute('d');
  return d.slice(1).split('L').map(p => (bottom - Number(p.split(' ')[1])) / (bottom - top));
}"""
# The shock's rule, read back as a month on the chart's axis (its 0 and 36 ticks).
SHOCK_AT = """() => {
  const svg = document.querySelector('svg.tv-chart');
  const ticks = [...svg.querySelectorAll('.tv-tick')].map(l => Number(l.getAttribute('x1')));
  const [first, last] = [ticks[0], ticks[ticks.length - 1]];
  const x = Number(svg.querySelector('.tv-shock-rule').getAttribute('x1'));
  return (x - first) / (last - first) * 36;
}"""


def test_voila_apps_score_and_simulate(voila, browser, content: Content) -> None:
    server, root = voila
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/spiral-simulator.ipynb", timeout=90_000)
    sim = page.locator(".tv-spiral")
    trust = sim.locator("svg.tv-chart path.tv-line[data-series='trust']")
    trust.wait_for(timeout=90_000)
    assert "import" not in page.locator("body").inner_text()
    before = trust.get_attribute("d")
    sim.get_by_label("Add an external shock").check()
    page.wait_for_function(
        "([el, old]) => el.getAttribute('d') !== old",
        arg=[trust.element_handle(), before],
        timeout=20_000,
    )
    assert "shock" in sim.locator(".tv-summary").inner_text().lower()
    # The lines the browser drew are the model's months, on the chart's own axis.
    history = simulate(SpiralParams(shock_month=12))
    for series in ("trust", "communication", "shared_perspective", "value"):
        drawn = page.evaluate(DRAWN_LEVELS, series)
        expected = [getattr(month, series) for month in history]
        assert len(drawn) == len(expected)
        assert max(abs(a - b) for a, b in zip(drawn, expected, strict=True)) < 0.01, series
    legend = sim.locator(".tv-legend li").all_inner_texts()
    assert legend == ["Trust", "Communication", "Shared perspective", "Value created per month"]
    assert page.evaluate(SHOCK_AT) == pytest.approx(12, abs=0.05)
    # A shock in the last month keeps its label inside the chart, not cut off.
    sim.locator('input[data-name="shock_month"]').focus()
    page.keyboard.press("End")
    sim.locator(".tv-shock-label", has_text="month 36").wait_for(timeout=20_000)
    chart = sim.locator("svg.tv-chart").bounding_box()
    label = sim.locator(".tv-shock-label").bounding_box()
    assert chart and label and label["x"] >= chart["x"]
    assert label["x"] + label["width"] <= chart["x"] + chart["width"]
    # A quick run of key presses (faster than the kernel answers) ends on the last one.
    sim.locator('input[data-name="openness"]').focus()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")  # 50% down to 20%, in 5% steps
    assert sim.locator('output[for$="-openness"]').inner_text() == "20%"
    final = simulate(SpiralParams(openness=0.2, shock_month=36))
    expected = [month.trust for month in final]
    for _ in range(100):
        drawn = page.evaluate(DRAWN_LEVELS, "trust")
        if max(abs(a - b) for a, b in zip(drawn, expected, strict=True)) < 0.01:
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError("the chart never showed the last setting")
    # The same numbers as a table: the last month, the shock's, in percentages.
    sim.get_by_text("Show the numbers").click()
    last = sim.locator(".tv-numbers tbody tr").last.locator("th, td").all_inner_texts()
    series = ("trust", "communication", "shared_perspective", "value")
    percent = [math.floor(getattr(final[-1], k) * 100 + 0.5) for k in series]  # as JS rounds
    assert last == ["36 (shock)", *(f"{p}%" for p in percent)]
    page.screenshot(path=str(root / "voila-spiral.png"))

    page.goto(f"{server.url}/voila/render/case-scorecard.ipynb", timeout=90_000)
    card = page.locator(".tv-scorecard")
    card.locator("fieldset.tv-criterion").first.wait_for(timeout=90_000)
    case_id = next(iter(content.cases))
    assert card.locator(".tv-title").first.inner_text() == content.cases[case_id].title
    score_by_keyboard(page, card, reference_scores(content, case_id))
    card.locator(".tv-verdict", has_text="agree exactly").wait_for(timeout=30_000)
    with page.expect_download() as download:
        card.get_by_role("button", name="Download scores (CSV)").click()
    lines = Path(download.value.path()).read_text().splitlines()
    criteria = card.locator("fieldset.tv-criterion").count()
    assert lines[0].startswith("criterion,name") and len(lines) == 1 + criteria
    page.screenshot(path=str(root / "voila-scorecard.png"))
    page.goto("about:blank")
    context.close()


def test_lab_glossary_link_lands_on_the_entry(lab, browser) -> None:
    server, _work = lab
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/lab/workspaces/glossary/tree/{M2}/{M2}.ipynb?reset&token={TOKEN}")
    link = page.locator(".jp-RenderedMarkdown a", has_text="Fear & Me").first
    link.wait_for(timeout=60_000)
    link.scroll_into_view_if_needed()
    link.click()
    page.locator(".lm-TabBar-tabLabel", has_text="glossary.ipynb").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => { const e = Array.from(document.querySelectorAll('.jp-RenderedMarkdown h2'))"
        ".find(h => h.textContent.trim().startsWith('Fear & Me'));"
        " if (!e) return false; const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < innerHeight; }",
        timeout=30_000,
    )
    page.goto("about:blank")
    context.close()


# ------------------------------------------------------------------ focus and live regions

# What the learner sees, as one string: it changes only once Python has answered.
SIGNATURE = (
    """(root) => root.innerText + '|' + [...root.querySelectorAll('img')].map(i => i.src).join()"""
)


def key_keeps_focus(page, root, target, key: str, holder=None) -> None:
    """Focus ``target``, press ``key``, wait for Python's answer; focus must stay on
    ``target`` (or inside ``holder``: an arrow key moves along a radio group)."""
    holder = holder or target
    target.focus()
    holder.evaluate("e => { e.dataset.probe = 'here'; }")
    before = root.evaluate(SIGNATURE)
    page.keyboard.press(key)
    page.wait_for_function(
        f"([root, old]) => ({SIGNATURE})(root) !== old",
        arg=[root.element_handle(), before],
        timeout=20_000,
    )
    where = page.evaluate(
        "() => [document.activeElement.closest('[data-probe]') !== null,"
        " document.activeElement.tagName]"
    )
    assert where[0], f"{key} moved focus to {where[1]}"
    holder.evaluate("e => { delete e.dataset.probe; }")


def test_voila_focus_survives_every_control_and_live_regions_persist(voila, browser) -> None:
    server, _root = voila
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto(f"{server.url}/voila/render/spiral-simulator.ipynb", timeout=90_000)
    sim = page.locator(".tv-spiral")
    sim.locator("svg.tv-chart path.tv-line[d]").first.wait_for(timeout=90_000)
    status = sim.locator(".tv-direction").element_handle()
    shock = sim.locator('input[data-name="shock"]')
    key_keeps_focus(page, sim, shock, "Space")
    if not shock.is_checked():  # an earlier visit left the shock on: Space turned it off
        key_keeps_focus(page, sim, shock, "Space")
    for name in ("openness", "patience", "shared_perspective", "shock_month", "shock_size"):
        slider = sim.locator(f'input[data-name="{name}"]')
        at_top = slider.evaluate("e => Number(e.value) >= Number(e.max)")
        key_keeps_focus(page, sim, slider, "ArrowLeft" if at_top else "ArrowRight")
    assert status.evaluate("e => e.isConnected")  # the live region was patched, not replaced

    page.goto(f"{server.url}/voila/render/statement-sorter.ipynb", timeout=90_000)
    # Apps keep their work and Voila preheats kernels: take a round no test has touched.
    page.locator(".tv-sorter .tv-card").first.wait_for(timeout=90_000)
    first_title = page.locator(".tv-sorter .tv-title").inner_text()
    page.locator(".tv-app-chooser select").select_option(index=2)
    page.wait_for_function(
        "t => document.querySelector('.tv-sorter .tv-title').textContent !== t", arg=first_title
    )
    sorter = page.locator(".tv-sorter")
    sorter.locator(".tv-card").first.wait_for(timeout=90_000)
    cards = sorter.locator(".tv-card")
    score = sorter.locator(".tv-score").element_handle()
    live = cards.nth(0).locator(".tv-feedback").element_handle()
    key_keeps_focus(page, sorter, cards.nth(0).locator("button.tv-choice").first, "Enter")
    key_keeps_focus(page, sorter, cards.nth(1).locator("button.tv-choice").first, "2")
    for name in ("Show answers", "Retry wrong ones", "Start over"):
        key_keeps_focus(page, sorter, sorter.get_by_role("button", name=name), "Enter")
    assert score.evaluate("e => e.isConnected") and live.evaluate("e => e.isConnected")

    page.goto(f"{server.url}/voila/render/case-scorecard.ipynb", timeout=90_000)
    page.locator(".tv-scorecard fieldset.tv-criterion").first.wait_for(timeout=90_000)
    first_case = page.locator(".tv-scorecard .tv-title").first.inner_text()
    page.locator(".tv-app-chooser select").select_option(index=2)
    page.wait_for_function(
        "t => document.querySelector('.tv-scorecard .tv-title').textContent !== t",
        arg=first_case,
    )
    card = page.locator(".tv-scorecard")
    card.locator(".tv-progress", has_text="0 of").wait_for(timeout=90_000)
    progress = card.locator(".tv-progress").element_handle()
    groups = card.locator("fieldset.tv-criterion")
    for n in range(3):
        key_keeps_focus(page, card, groups.nth(n).locator('input[value="2"]'), "Space")
    compare = card.get_by_role("button", name="Compare with the reference")
    key_keeps_focus(page, card, compare, "Enter")
    result = card.locator(".tv-result").element_handle()
    first = groups.nth(0)
    key_keeps_focus(page, card, first.locator('input[value="2"]'), "ArrowRight", first)
    assert page.evaluate("() => document.activeElement.value") == "3"
    assert progress.evaluate("e => e.isConnected") and result.evaluate("e => e.isConnected")

    page.goto(f"{server.url}/voila/render/presenter.ipynb", timeout=90_000)
    presenter = page.locator(".tv-presenter")
    presenter.locator(".tv-p-choice").first.wait_for(timeout=90_000)
    count = presenter.locator(".tv-p-count").element_handle()
    stage = presenter.locator(".tv-p-answer").element_handle()
    for button, key in (
        ("next", "Enter"),
        ("prev", "Enter"),  # back on the first slide: the button goes inert, keeps focus
        ("reveal", "Enter"),
        ("reveal", "Space"),  # "Hide answer"
        ("theme", "Enter"),
        ("theme", "Enter"),
        ("next", "ArrowRight"),  # the clicker's key, with a button focused
        ("restart", "Enter"),  # "Start again"
    ):
        key_keeps_focus(page, presenter, presenter.locator(f"button.tv-p-{button}"), key)
    assert count.evaluate("e => e.isConnected") and stage.evaluate("e => e.isConnected")

    # The trainer's course map is a table with no control; the learners' map has Refresh.
    page.goto(f"{server.url}/voila/render/course-map.ipynb", timeout=90_000)
    page.locator(".tv-course-overview tbody tr").first.wait_for(timeout=90_000)
    page.goto(f"{server.url}/voila/render/learner-course-map.ipynb", timeout=90_000)
    table = page.locator(".tv-map")
    table.locator("tbody tr").first.wait_for(timeout=90_000)
    refresh = table.get_by_role("button", name="Refresh")
    refresh.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.activeElement.textContent") == "Refresh"
    page.goto("about:blank")
    context.close()


def test_lab_notebooks_open_clean_and_reopen_with_a_prompt(lab, browser) -> None:
    import time
    import urllib.request

    from trustvalue_course.learner_files.saving import PROMPT

    server, work = lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # An untouched notebook stays clean once its kernel has started.
    page.goto(f"{server.url}/lab/workspaces/clean/tree/glossary.ipynb?reset&token={TOKEN}")
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=60_000)
    page.wait_for_timeout(1500)  # the kernel's language_info arrives with its first reply
    assert page.locator(".lm-TabBar-tab.jp-mod-dirty").count() == 0

    # Run a module, save it, end its kernel: reopened, it asks to run the cell.
    open_and_run(page, server, f"{M2}/{M2}.ipynb")
    page.wait_for_selector(".tv-sorter .tv-card", timeout=60_000)
    page.keyboard.press("Control+s")
    saved = work / M2 / f"{M2}.ipynb"
    for _ in range(100):  # the save lands on disk a moment after the key press
        text = saved.read_text()
        if '"outputs": [\n' in text and "widget-view" not in text:
            break
        time.sleep(0.2)
    notebook = json.loads(saved.read_text())
    outputs = [o for c in notebook["cells"] for o in c.get("outputs", [])]
    assert outputs and not any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs
    )
    page.goto("about:blank")
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={TOKEN}") as resp:
        kernels = json.load(resp)
    for kernel in kernels:
        req = urllib.request.Request(
            f"{server.url}/api/kernels/{kernel['id']}?token={TOKEN}", method="DELETE"
        )
        urllib.request.urlopen(req).close()
    page.goto(f"{server.url}/lab/workspaces/reopen/tree/{M2}/{M2}.ipynb?reset&token={TOKEN}")
    page.locator(".jp-OutputArea-output", has_text=PROMPT).first.wait_for(timeout=60_000)
    assert page.get_by_text("Error displaying widget").count() == 0
    page.goto("about:blank")
    context.close()
