"""A learner's work goes from one fresh server to another as one downloaded file.

Server one is JupyterLab (a learner works, then downloads from a module's
header line); server two is Voila showing the course map (the learner restores
the file there). Nothing is shared between them but the downloaded file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import LAB_TOKEN, REPO, start_lab, start_voila
from trustvalue_course.learner_files.backup import checksum

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = LAB_TOKEN
M0 = "00-start-here"


def fresh_modules(root: Path) -> Path:
    work = root / "modules"
    shutil.copytree(REPO / "modules", work, ignore=shutil.ignore_patterns("saved-answers"))
    return work


def saved(modules: Path) -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text()) for p in sorted(modules.glob("*/saved-answers/*.json"))
    }


def lab_server(root: Path):
    work = fresh_modules(root)
    return start_lab(work, root), work


def voila_server(root: Path):
    work = fresh_modules(root)
    return start_voila(work, root), work


def test_work_survives_a_new_session_through_one_file(browser, tmp_path: Path) -> None:
    shots = Path("/tmp/shots-12")
    shots.mkdir(exist_ok=True)
    # ---- session one: JupyterLab. The learner sorts two statements, then downloads.
    lab, lab_work = lab_server(tmp_path / "one")
    try:
        context = browser.new_context(
            viewport={"width": 1280, "height": 720}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{lab.url}/lab/workspaces/m0/tree/{M0}/{M0}.ipynb?reset&token={TOKEN}")
        page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        line = page.locator(".tv-backup.tv-compact")
        line.get_by_role("button", name="Download all my work").wait_for(timeout=90_000)
        cards = page.locator(".tv-sorter .tv-card")
        cards.first.wait_for(state="attached", timeout=60_000)
        for i in range(2):
            cards.nth(i).scroll_into_view_if_needed()
            cards.nth(i).locator("button[data-cat]").first.click()
            cards.nth(i).locator(".tv-explanation").wait_for(timeout=20_000)
        line.scroll_into_view_if_needed()
        with page.expect_download() as download:
            line.get_by_role("button", name="Download all my work").click()
        file = tmp_path / download.value.suggested_filename
        download.value.save_as(file)
        assert line.locator(".tv-status").inner_text().startswith(f"Saved {file.name}")
        page.screenshot(path=str(shots / "lab-module-header-1280.png"))

        # A script-bearing file offered in this session is refused, shown as text.
        doc = json.loads(file.read_text())
        first = next(iter(doc["activities"].values()))
        first["score"]["summary"] = "<img src=x onerror=window.__xss=1>"
        doc["checksum"] = checksum(doc)  # forged well enough to pass the damage check
        evil = tmp_path / "evil.json"
        evil.write_text(json.dumps(doc))
        before = saved(lab_work)
        line.locator("input[type=file]").set_input_files(str(evil))
        status = line.locator(".tv-status.tv-refused")
        status.wait_for(timeout=30_000)
        assert status.inner_text().startswith("This file was not restored")
        assert "markup" in status.inner_text()
        assert status.locator("img").count() == 0 and page.evaluate("window.__xss") is None
        assert saved(lab_work) == before
        page.screenshot(path=str(shots / "lab-module-header-refused-1280.png"))
        page.goto("about:blank")
        context.close()
    finally:
        lab.stop()
    original = saved(lab_work)
    assert len(original["m00-try-sorter"]["placements"]) == 2

    # ---- session two: a fresh Voila server. The learner restores the file on the course map.
    voila, voila_work = voila_server(tmp_path / "two")
    try:
        assert saved(voila_work) == {}
        context = browser.new_context(
            viewport={"width": 1920, "height": 1080}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{voila.url}/voila/render/course-map.ipynb", timeout=90_000)
        panel = page.locator(".tv-backup")
        panel.get_by_role("button", name="Restore from a file").wait_for(timeout=90_000)
        start_row = page.locator(".tv-map tbody tr").first
        assert "Not started" in start_row.inner_text()
        assert "import" not in page.locator("body").inner_text()
        panel.locator("input[type=file]").set_input_files(str(file))
        panel.locator(".tv-status.tv-restored li").first.wait_for(timeout=30_000)
        assert (
            "Restored from your file"
            in panel.locator("li[data-activity=m00-try-sorter]").inner_text()
        )
        assert panel.locator(".tv-status p").inner_text().startswith("Done: 1 activity restored")
        # The map beside it reads the restored answers at once.
        page.locator(".tv-map tbody tr").first.filter(has_text="Started").wait_for(timeout=30_000)
        assert saved(voila_work) == original
        page.screenshot(path=str(shots / "voila-course-map-restored-1920.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 720})
        panel.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "voila-course-map-restored-1280.png"))

        # Restoring the same file again changes nothing and says so.
        panel.locator("input[type=file]").set_input_files(str(file))
        panel.locator("li[data-activity=m00-try-sorter]", has_text="Already here").wait_for(
            timeout=30_000
        )
        # And a download from this session carries the same answers on.
        with page.expect_download() as again:
            panel.get_by_role("button", name="Download all my work").click()
        carried = json.loads(Path(again.value.path()).read_text())
        assert carried["activities"] == doc_activities(file)
        page.goto("about:blank")
        context.close()
    finally:
        voila.stop()


def doc_activities(path: Path) -> dict:
    return json.loads(path.read_text())["activities"]
