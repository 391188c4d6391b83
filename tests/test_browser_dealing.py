"""In a real browser, a sorter's statements come in the dealt order, not the scheme's order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from conftest import Server, start_voila
from trustvalue_course.content import Content

pytestmark = [pytest.mark.browser, pytest.mark.server]
SHOTS = Path(os.environ.get("TRUSTVALUE_SHOTS", "/tmp/shots-9"))
ACTIVITIES = ("m02-sort-contrast", "m03-sort-practice")


@pytest.fixture(scope="module")
def voila_sorters(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("voila-deal")
    apps = root / "apps"
    apps.mkdir()
    for activity_id in ACTIVITIES:
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell(
                    f'from trustvalue_widgets import activity\nactivity("{activity_id}")'
                )
            ],
            metadata={
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
        )
        nbformat.write(nb, apps / f"{activity_id}.ipynb")
    server = start_voila(apps, root)
    yield server
    server.stop()


@pytest.mark.parametrize("activity_id", ACTIVITIES)
def test_the_page_shows_the_shuffled_deck(
    voila_sorters: Server, browser, content: Content, activity_id: str
) -> None:
    _module, act = content.activity(activity_id)
    scheme = content.schemes[act.scheme or ""]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1920, 1080)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{voila_sorters.url}/voila/render/{activity_id}.ipynb", timeout=90_000)
        page.wait_for_selector("[data-sid]", timeout=90_000)
        cards = page.locator(".tv-sorter [data-sid]")
        shown = [cards.nth(i).get_attribute("data-sid") for i in range(cards.count())]
        page.screenshot(path=str(SHOTS / f"{activity_id}-{width}x{height}.png"))
        page.goto("about:blank")
        context.close()

        # The page deals exactly the activity's deck, in its order.
        assert shown == [s.id for s in content.activity_statements(activity_id)]
        answers = [content.statements[sid or ""].answers[scheme.id] for sid in shown]
        numbers = [scheme.category_ids.index(a) + 1 for a in answers]
        # Not the scheme's order: pressing 1, 2, 3 ... in turn scores little.
        in_turn = [i % len(scheme.categories) + 1 for i in range(len(numbers))]
        assert sum(a == b for a, b in zip(numbers, in_turn, strict=True)) <= len(numbers) // 3
        assert numbers != sorted(numbers)
        # Never three of a category in a row.
        assert all(len({*numbers[i : i + 3]}) > 1 for i in range(len(numbers) - 2)), numbers
