"""axe-core, from a local copy shipped in a pip package (never a CDN), on every module
notebook and every trainer app as Voila shows them: no serious or critical violation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from conftest import REPO, Server, start_voila

pytestmark = [pytest.mark.browser, pytest.mark.server]

MODULES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "modules").rglob("*.ipynb"))
APPS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "apps").glob("*.ipynb"))
# What a learner or trainer looks at, once the notebook has run.
READY = ".jp-RenderedMarkdown, .tv-sorter, .tv-scorecard, .tv-spiral, .tv-map, .tv-presenter"
# What proves a widget rendered from its model (the trainer's course overview is
# an HTML table from Python; the presenter shows the first slide's choices).
WIDGETS = (
    ".tv-sorter .tv-card, .tv-scorecard .tv-criterion, .tv-spiral svg.tv-chart path.tv-line[d],"
    " .tv-map tbody tr, .tv-course-overview tbody tr, .tv-presenter .tv-p-choice"
)


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("axe")
    for part in ("modules", "apps"):
        shutil.copytree(REPO / part, root / part)
    server = start_voila(root, root)
    yield server
    server.stop()


@pytest.mark.parametrize("path", MODULES + APPS)
def test_axe_finds_no_serious_violation(voila: Server, browser, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{voila.url}/voila/render/{path}", timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    if (REPO / path).read_text().count("trustvalue_widgets"):
        page.wait_for_selector(WIDGETS, timeout=120_000)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.goto("about:blank")
    context.close()
    assert serious == []
