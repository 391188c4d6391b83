"""Voila inside JupyterLab, as Binder, ``make start`` and the hub run it: the course's template.

Not ``make present`` (``trustvalue_course.classroom.serve``): a plain ``jupyter lab`` of this
environment, configured only by what ``make setup`` (and Binder's postBuild) wrote
into it, serving a folder laid out as the repository (``apps/``, ``modules/``), the
way the Binder badge opens ``voila/render/apps/<app>.ipynb``.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from conftest import (
    LAB_TOKEN,
    REPO,
    SMALL_TEXT,
    Server,
    kernel_ids,
    offline_context,
    start_lab,
    wait_until,
)
from trustvalue_course.classroom.gallery import app_links
from trustvalue_course.content import Content

pytestmark = [pytest.mark.browser, pytest.mark.server]
SHOTS = Path("/tmp/shots-binder")
# What each app shows once it is ready.
READY = {
    "case-scorecard.ipynb": "fieldset.tv-criterion",
    "course-map.ipynb": ".tv-course-overview td",
    "presenter.ipynb": ".tv-presenter .tv-p-text",
    "spiral-simulator.ipynb": "svg.tv-chart path.tv-line[d]",
    "statement-sorter.ipynb": ".tv-sorter .tv-card",
}
MODULE = "modules/01-why-alliances/01-why-alliances.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("voila-in-lab")
    work = root / "repo"
    for folder in ("apps", "modules"):
        shutil.copytree(REPO / folder, work / folder)
    broken = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import trustvalue_widgets\n1 / 0")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(broken, work / "apps" / "broken.ipynb")
    server = start_lab(work, root)
    yield server
    server.stop()


def render_url(server: Server, path: str, query: str = "") -> str:
    return f"{server.url}/voila/render/{path}?{query + '&' if query else ''}token={LAB_TOKEN}"


def body_font_px(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def test_the_learners_server_has_no_live_rooms(lab) -> None:
    """The course's extension is loaded (the template's xsrf.css answers), its rooms are not."""
    with urllib.request.urlopen(f"{lab.url}/trustvalue/xsrf.css?token={LAB_TOKEN}") as r:
        cookies = r.headers.get_all("Set-Cookie") or []
        assert r.status == 200 and any(c.startswith("_xsrf=") for c in cookies)
    for path in ("/join", "/join/ABCDE", "/trustvalue/live/api/ABCDE", "/trustvalue/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{lab.url}{path}?token={LAB_TOKEN}", timeout=10)
        refused.value.close()
        assert refused.value.code == 404, path


def test_every_app_renders_with_the_course_template_offline(lab, browser, content: Content) -> None:
    """Each app of apps/, as the Binder badge opens it: projector type, nothing from the
    network, no failed request, and closing the tab shuts its kernel down."""
    SHOTS.mkdir(exist_ok=True)
    presenter = next(link for link in app_links(content) if link.notebook == "presenter.ipynb")
    queries = {"presenter.ipynb": "&".join(f"{k}={v}" for k, v in presenter.query.items())}
    apps = sorted(p.name for p in (REPO / "apps").glob("*.ipynb"))
    assert sorted(READY) == apps, "every app has a ready selector here"
    remote: list[str] = []
    failed: list[str] = []
    for width, height in ((1280, 720), (1920, 1080)):
        context = offline_context(browser, remote, viewport={"width": width, "height": height})
        context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        # At 1920x1080 the Binder badge's page only (the kernels are the costly part).
        for app in apps if width == 1280 else ["statement-sorter.ipynb"]:
            before = kernel_ids(lab, LAB_TOKEN)
            page = context.new_page()
            page.goto(render_url(lab, f"apps/{app}", queries.get(app, "")), timeout=120_000)
            page.locator(READY[app]).first.wait_for(timeout=120_000)
            text = page.locator("body").inner_text()
            assert "import " not in text and "Traceback" not in text, app
            assert body_font_px(page) >= 20, app
            if app == "presenter.ipynb":  # no live rooms here: no room code to offer
                assert page.get_by_role("button", name="Start live room").count() == 0
            small = page.evaluate(SMALL_TEXT)
            assert small == [], f"{app} has text under 20 px in Lab's Voila: {small[:5]}"
            page.screenshot(path=str(SHOTS / f"lab-voila-{app[:-6]}-{width}x{height}.png"))
            mine = kernel_ids(lab, LAB_TOKEN) - before
            assert len(mine) == 1, app
            page.close(run_before_unload=True)  # the tab closes
            # Well within any culling window: the shutdown request was accepted.
            wait_until(
                lambda mine=mine: not mine & kernel_ids(lab, LAB_TOKEN),
                30,
                f"{app}'s kernel shut down",
            )
        context.close()
    assert remote == []
    assert failed == []  # xsrf.css among them: the course's extension serves it
    log = lab.log.read_text()
    assert "_xsrf' argument missing" not in log
    assert "404 GET /trustvalue/xsrf.css" not in log


def test_a_failing_cell_shows_the_friendly_message_in_lab(lab, browser) -> None:
    """The executor's settings reach Voila inside Lab: no traceback, the course's words."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(render_url(lab, "apps/broken.ipynb"), timeout=120_000)
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=120_000)
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "ZeroDivisionError" not in text
    assert "could not start" in text
    page.goto("about:blank")
    context.close()


def test_a_module_stays_readable_in_lab_voila(lab, browser) -> None:
    """The projector type must not break a module: its text shows, nothing overflows sideways."""
    remote: list[str] = []
    context = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(render_url(lab, MODULE), timeout=120_000)
    page.locator(".tv-sorter .tv-card").first.wait_for(timeout=120_000)
    paragraphs = page.locator(".jp-MarkdownCell p")
    assert paragraphs.count() > 10
    assert paragraphs.first.is_visible()
    assert page.locator(".jp-MarkdownCell h1").first.is_visible()
    assert body_font_px(page) >= 20
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('#rendered_cells *')]
             .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
             .map(el => el.className || el.tagName).slice(0, 5)"""
    )
    assert overflow == []
    page.screenshot(path=str(SHOTS / "lab-voila-module-01-1280x720.png"))
    for name, part in (("activity", ".tv-sorter"), ("question", ".tv-question")):
        page.locator(part).first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"lab-voila-module-01-{name}-1280x720.png"))
    page.goto("about:blank")
    context.close()
    assert remote == []


def test_voilas_own_pages_stay_offline_in_lab(lab, browser) -> None:
    """A missing app gets the course's short page; Voila's folder page asks nothing remote."""
    remote: list[str] = []
    context = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(render_url(lab, "apps/no-such-app.ipynb"), timeout=60_000)
    page.get_by_role("heading", name="This screen could not open").wait_for(timeout=30_000)
    assert page.get_by_role("link", name="Back to the start page").get_attribute("href") == "/"
    assert body_font_px(page) >= 20
    page.screenshot(path=str(SHOTS / "lab-voila-missing-app-1280x720.png"))
    page.goto(f"{lab.url}/voila/tree?token={LAB_TOKEN}", timeout=60_000)
    page.get_by_text("Select items to open with").wait_for(timeout=30_000)
    page.get_by_text("apps", exact=True).wait_for(timeout=30_000)
    page.goto("about:blank")
    context.close()
    assert remote == []
