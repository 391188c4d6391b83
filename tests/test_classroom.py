"""The live classroom on a real server: gallery, presenter, phones, restart, safety, culling.

One ``jupyter server`` with Voila and the course's extension, started exactly as
``make present`` starts it (``trustvalue_course.classroom.serve``), driven by Chromium and
by plain HTTP clients standing in for phones.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from conftest import SMALL_TEXT, Phone, Server, offline_context, start_classroom, wait_until
from trustvalue_course.classroom.gallery import app_links
from trustvalue_course.content import Content

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = "classroom-test-token"
SIZES = [(1280, 720), (1920, 1080)]
SHOTS = Path("/tmp/shots-10")


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    root = tmp_path_factory.mktemp("classroom")
    server = start_classroom(root, TOKEN)
    yield server, root
    server.stop()


def kernels(server: Server) -> list[dict]:
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={TOKEN}", timeout=10) as r:
        return json.loads(r.read())


def open_presenter(page, server: Server, query: str) -> None:
    page.goto(f"{server.url}/voila/render/presenter.ipynb?{query}&token={TOKEN}", timeout=90_000)
    page.locator(".tv-presenter .tv-p-text").wait_for(timeout=90_000)


def test_gallery_lists_every_app_and_opens_them_offline(
    classroom, browser, content: Content
) -> None:
    server, _root = classroom
    SHOTS.mkdir(exist_ok=True)
    remote: list[str] = []
    for width, height in SIZES:
        context = offline_context(browser, remote, viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{server.url}/?token={TOKEN}")  # default_url: the gallery
        cards = page.locator("a.tv-card")
        cards.first.wait_for(timeout=30_000)
        assert cards.count() == len(app_links(content))
        page.screenshot(path=str(SHOTS / f"gallery-{width}x{height}.png"))
        for notebook, selector in (
            ("presenter.ipynb", ".tv-presenter .tv-p-text"),
            ("case-scorecard.ipynb", "fieldset.tv-criterion"),
            ("spiral-simulator.ipynb", "svg.tv-chart path.tv-line[d]"),
            ("course-map.ipynb", ".tv-course-overview td"),
            ("statement-sorter.ipynb", ".tv-sorter .tv-card"),
        ):
            page.goto(f"{server.url}/trustvalue/")
            page.locator(f"a.tv-card[href*='{notebook}']").first.click()
            page.locator(selector).first.wait_for(timeout=90_000)
            body = page.locator("body").inner_text()
            assert "import " not in body and "Traceback" not in body
            # Every app has a visible way to start again, or steps from the first slide.
            controls = [".tv-app-reset", ".tv-p-next"] if notebook == "presenter.ipynb" else []
            if notebook != "course-map.ipynb":
                controls.append(".tv-app-reset")
            for control in controls:
                box = page.locator(control).bounding_box()
                assert box is not None and box["y"] + box["height"] <= height, control
            if notebook == "spiral-simulator.ipynb":
                # Every slider, the shock's too, and the whole chart on one screen.
                page.get_by_label("Add an external shock").check()
                page.locator(".tv-shock-label").wait_for(timeout=20_000)
                for part in page.locator(".tv-spiral input, svg.tv-chart").all():
                    box = part.bounding_box()
                    assert box is not None and box["y"] + box["height"] <= height, part
            small = page.evaluate(SMALL_TEXT)
            assert small == [], f"{notebook} has text under 20 px: {small[:5]}"
            page.screenshot(path=str(SHOTS / f"{notebook[:-6]}-{width}x{height}.png"))
        page.goto("about:blank")
        context.close()
    assert remote == []
    # The trainer's terminal stays quiet: every app opened twice, no warning, no error.
    noisy = [line for line in server.log.read_text().splitlines() if line.startswith(("[W", "[E"))]
    assert noisy == []


def test_presenter_steps_reveals_and_switches_theme_by_keyboard(
    classroom, browser, content: Content
) -> None:
    server, _root = classroom
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_presenter(page, server, "activity=m02-sort-perspective")
    statements = content.activity_statements("m02-sort-perspective")
    root = page.locator(".tv-presenter")
    assert root.locator(".tv-p-text").inner_text() == statements[0].text
    assert root.locator(".tv-p-answer").inner_text() == ""
    page.keyboard.press("ArrowRight")
    root.locator(".tv-p-count", has_text=f"2 / {len(statements)}").wait_for(timeout=20_000)
    assert root.locator(".tv-p-text").inner_text() == statements[1].text
    page.keyboard.press(" ")
    root.locator(".tv-p-expl", has_text=statements[1].explanation).wait_for(timeout=20_000)
    assert (
        root.locator(".tv-p-correct").get_attribute("data-choice")
        == (statements[1].answers["perspective"])
    )
    page.keyboard.press("t")
    page.wait_for_function("() => document.querySelector('.tv-presenter').dataset.theme === 'dark'")
    colours = root.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    page.screenshot(path=str(SHOTS / "presenter-dark-1280x720.png"))
    page.keyboard.press("PageUp")  # a clicker's "back"
    root.locator(".tv-p-count", has_text="1 / ").wait_for(timeout=20_000)
    page.goto("about:blank")
    context.close()


def test_live_room_phones_answer_and_the_screen_shows_split_and_reveal(
    classroom, browser, content: Content
) -> None:
    server, root_dir = classroom
    remote: list[str] = []
    trainer_ctx = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
    trainer = trainer_ctx.new_page()
    open_presenter(trainer, server, "activity=m02-sort-perspective")
    trainer.get_by_role("button", name="Start live room").click()
    code_el = trainer.locator(".tv-p-code")
    code_el.wait_for(timeout=30_000)
    code = code_el.inner_text()
    assert trainer.locator(".tv-p-url").inner_text() == f"{server.url}/join/{code}"
    assert trainer.locator(".tv-p-qr path").get_attribute("d")
    statement = content.activity_statements("m02-sort-perspective")[0]
    right = statement.answers["perspective"]
    wrong = "fear_me" if right == "trust_we" else "trust_we"

    # A phone in a browser: types the code, answers, changes its mind.
    phone_ctx = offline_context(
        browser, remote, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = phone_ctx.new_page()
    phone.goto(f"{server.url}/join")
    phone.get_by_label("Room code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    phone.locator(".tv-text").wait_for(timeout=20_000)
    assert phone.locator(".tv-text").inner_text() == statement.text
    phone.locator(f"button[data-choice='{wrong}']").click()
    phone.locator(f"button[data-choice='{wrong}'][aria-pressed='true']").wait_for(timeout=20_000)
    phone.locator(f"button[data-choice='{right}']").click()
    phone.locator(f"button[data-choice='{right}'][aria-pressed='true']").wait_for(timeout=20_000)
    phone.screenshot(path=str(SHOTS / "phone-390x844.png"))

    # Three phones as plain HTTP clients, and one that sends junk.
    phones = [Phone(server, code) for _ in range(3)]
    for p in phones:
        assert p.state()["question"]["number"] == 1
    assert [p.answer(0, c)[0] for p, c in zip(phones, (right, right, wrong), strict=True)] == [
        200
    ] * 3
    hostile = phones[0]
    assert hostile.answer(0, "<script>alert(1)</script>")[0] == 409
    assert hostile.send(b"{not json")[0] == 400
    assert hostile.send(b'{"question": 0, "choice": "' + b"x" * 5000 + b'"}')[0] == 413
    assert (
        hostile.send(b"question=0&choice=trust_we", "application/x-www-form-urlencoded")[0] == 415
    )
    assert hostile.state()["question"]["mine"] == right  # junk changed nothing

    # The trainer's screen: 3 of 4 on the right answer, live.
    choice = trainer.locator(f".tv-p-choice[data-choice='{right}'] .tv-p-num")
    choice.filter(has_text="3 (75%)").wait_for(timeout=20_000)
    trainer.locator(".tv-p-answers", has_text="4 answers").wait_for(timeout=20_000)
    trainer.screenshot(path=str(SHOTS / "presenter-live-1280x720.png"))
    trainer.keyboard.press(" ")
    trainer.locator(".tv-p-room-verdict", has_text="3 of 4").wait_for(timeout=20_000)
    trainer.screenshot(path=str(SHOTS / "presenter-live-revealed-1280x720.png"))
    # Live and revealed, the whole screen still fits a 1280x720 projector.
    for control in (".tv-p-export", ".tv-p-restart", ".tv-p-keys", ".tv-p-room-verdict"):
        box = trainer.locator(control).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, control

    # After the reveal, answers are closed, on the phone page too.
    assert phones[2].answer(0, right)[0] == 409
    phone.locator(f"button[data-choice='{right}'][disabled]").wait_for(timeout=20_000)

    # CSV for the trainer (token), not for phones.
    with urllib.request.urlopen(
        f"{server.url}/trustvalue/live/export/{code}.csv?token={TOKEN}", timeout=10
    ) as r:
        lines = r.read().decode().splitlines()
    assert len(lines) == 5 and lines[0].startswith("room,question")
    try:
        with phones[0].opener.open(f"{server.url}/trustvalue/live/export/{code}.csv") as r:
            body = r.read().decode()  # the login page, after a redirect
    except urllib.error.HTTPError as e:
        body = e.read().decode()
    assert not body.startswith("room,question") and "phone 1" not in body
    for ctx, page in ((trainer_ctx, trainer), (phone_ctx, phone)):
        page.goto("about:blank")
        ctx.close()
    assert remote == []
    (root_dir / "room-code.txt").write_text(code)


def test_phone_page_shows_room_text_as_text(classroom, browser) -> None:
    from trustvalue_course.classroom.rooms import Rooms

    server, root = classroom
    rooms = Rooms(root / "live.sqlite")
    code, _secret = rooms.open(
        '<img src=x onerror="window.__xss=1">',
        [
            {
                "id": "x",
                "text": "<script>window.__xss=2</script><b>bold?</b>",
                "choices": [
                    {"id": "a", "label": "<i>one</i>"},
                    {"id": "b", "label": "two"},
                ],
                "answer": "a",
            }
        ],
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/join/{code}")
    page.locator(".tv-text").wait_for(timeout=20_000)
    assert page.locator(".tv-text").inner_text() == "<script>window.__xss=2</script><b>bold?</b>"
    assert page.locator("button[data-choice='a']").inner_text() == "<i>one</i>"
    assert page.evaluate("window.__xss") is None
    assert page.locator(".tv-text b, .tv-text script, #tv-title img").count() == 0
    page.goto("about:blank")
    context.close()


def test_execute_requests_over_the_kernel_websocket_are_refused(classroom, browser) -> None:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    server, root = classroom
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/course-map.ipynb?token={TOKEN}", timeout=90_000)
    page.locator(".tv-course-overview").wait_for(timeout=90_000)
    kernel = kernels(server)[0]["id"]
    marker = root / "executed.txt"

    def message(msg_type: str, content: dict) -> str:
        return json.dumps(
            {
                "header": {
                    "msg_id": msg_type,
                    "msg_type": msg_type,
                    "username": "x",
                    "session": "attacker",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    async def attack() -> list[str]:
        ws_url = server.url.replace("http", "ws") + f"/api/kernels/{kernel}/channels?token={TOKEN}"
        ws = await websocket_connect(HTTPRequest(ws_url))
        code = f"open({str(marker)!r}, 'w').write('pwned')"
        ws.write_message(message("execute_request", {"code": code, "silent": False}))
        ws.write_message(message("kernel_info_request", {}))
        seen = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            raw = await ws.read_message()
            if raw is None:
                break
            msg = json.loads(raw) if isinstance(raw, str) else {}
            seen.append(msg.get("msg_type") or msg.get("header", {}).get("msg_type"))
            if "kernel_info_reply" in seen:
                break
        ws.close()
        return seen

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # Playwright owns this thread's loop
        seen = pool.submit(asyncio.run, attack()).result()
    assert "kernel_info_reply" in seen  # the channel works for what widgets need...
    assert "execute_reply" not in seen and "execute_input" not in seen  # ...and runs no code
    time.sleep(1)
    assert not marker.exists()
    # No notebook source is served to the page either.
    for url in (
        f"{server.url}/voila/files/presenter.ipynb?token={TOKEN}",
        f"{server.url}/voila/files/../apps/presenter.ipynb",
    ):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url, timeout=10)
    page.goto("about:blank")
    context.close()


def test_scorecard_chart_is_drawn_in_projector_type_on_one_screen(classroom, browser) -> None:
    server, _root = classroom
    width, height = SIZES[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/case-scorecard.ipynb?token={TOKEN}", timeout=90_000)
    criteria = page.locator("fieldset.tv-criterion")
    criteria.first.wait_for(timeout=90_000)
    for i in range(criteria.count()):
        criteria.nth(i).locator("input[type=radio]").nth(2).check()
    page.get_by_role("button", name="Compare with the reference").click()
    chart = page.locator(".tv-scorecard img.tv-chart[src]")
    chart.wait_for(timeout=60_000)
    svg = urllib.parse.unquote(chart.get_attribute("src").split(",", 1)[1])
    sizes = {float(n) for n in re.findall(r'font-size="([\d.]+)px"', svg)}
    assert sizes and min(sizes) >= 20, sorted(sizes)
    chart.scroll_into_view_if_needed()
    shown = chart.evaluate(
        "i => ({natural: i.naturalWidth, ...i.getBoundingClientRect().toJSON()})"
    )
    # Drawn with 20 px type and shown no smaller than drawn; the whole chart on one screen.
    assert shown["width"] >= shown["natural"] - 1
    assert shown["top"] >= 0 and shown["bottom"] <= height
    page.screenshot(path=str(SHOTS / f"scorecard-compared-{width}x{height}.png"))
    page.goto("about:blank")
    context.close()


def test_a_failing_app_shows_a_short_message_not_a_traceback(classroom, browser) -> None:
    server, root = classroom
    broken = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import trustvalue_widgets\n1 / 0")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(broken, root / "apps" / "broken.ipynb")
    context = browser.new_context()
    page = context.new_page()
    for path, selector in (
        ("presenter.ipynb?case=no-such-case", ".tv-app-error"),
        ("broken.ipynb", ".jp-OutputArea-output"),
    ):
        page.goto(f"{server.url}/voila/render/{path}&token={TOKEN}".replace(".ipynb&", ".ipynb?"))
        page.locator(selector).first.wait_for(timeout=90_000)
        text = page.locator("body").inner_text()
        assert (
            "Traceback" not in text and "ZeroDivisionError" not in text and "KeyError" not in text
        )
        assert "could not start" in text
    page.goto("about:blank")
    context.close()


def test_closing_a_tab_shuts_its_kernel_down(classroom, browser) -> None:
    server, _root = classroom
    before = {k["id"] for k in kernels(server)}
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/course-map.ipynb?token={TOKEN}", timeout=90_000)
    page.locator(".tv-course-overview").wait_for(timeout=90_000)
    mine = {k["id"] for k in kernels(server)} - before
    assert len(mine) == 1
    page.close(run_before_unload=True)  # the tab closes
    # Well within the 120 s culling window: the shutdown request was accepted.
    wait_until(lambda: not mine & {k["id"] for k in kernels(server)}, 30, "kernel shut down")
    context.close()
    assert "_xsrf' argument missing" not in server.log.read_text()


def test_answers_survive_a_server_restart(classroom, tmp_path: Path) -> None:
    server, root = classroom
    code = (root / "room-code.txt").read_text()
    with urllib.request.urlopen(
        f"{server.url}/trustvalue/live/export/{code}.csv?token={TOKEN}", timeout=10
    ) as r:
        before = r.read().decode()
    server.stop()
    again = start_classroom(root, TOKEN)
    try:
        with urllib.request.urlopen(
            f"{again.url}/trustvalue/live/export/{code}.csv?token={TOKEN}", timeout=10
        ) as r:
            after = r.read().decode()
        assert after == before and len(after.splitlines()) == 5
        assert Phone(again, code).state()["question"]["open"] is False  # still revealed
    finally:
        again.stop()
    # The module's later tests need a server: put one back.
    restarted = start_classroom(root, TOKEN)
    server.proc, server.url, server.log = restarted.proc, restarted.url, restarted.log


def test_kernels_of_closed_tabs_are_culled(tmp_path: Path) -> None:
    server = start_classroom(tmp_path, TOKEN, cull=(4, 2))
    try:
        # A viewer that vanishes without a word (a plain GET starts a kernel too).
        with urllib.request.urlopen(
            f"{server.url}/voila/render/course-map.ipynb?token={TOKEN}", timeout=120
        ) as r:
            assert r.status == 200
        assert len(kernels(server)) == 1
        wait_until(lambda: kernels(server) == [], 60, "kernel culled")
    finally:
        server.stop()
