"""Every kind of room activity, driven from real phone pages in Chromium, checked on the
trainer's real screen (Voila in the trainer's server, as `make present` starts it).

Each test opens the presenter for one kind, starts a live room, joins it from phones
(390x844, one of them by keyboard only), answers, and checks what the trainer's screen
shows; it runs axe on both pages, checks that nothing leaves the machine and that the
screen fits a 1280x720 projector, and saves screenshots in /tmp/shots-19.
"""

from __future__ import annotations

import csv
import io
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SMALL_TEXT, Server, offline_context, start_classroom
from trustvalue_course.content import Content
from trustvalue_course.content.keys import load_keys

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOKEN = "room-kinds-token"
SHOTS = Path("/tmp/shots-19")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
KEYS = Path(__file__).resolve().parents[1] / "autograder" / "keys"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("room-kinds")
    server = start_classroom(root, TOKEN)
    SHOTS.mkdir(exist_ok=True)
    yield server
    server.stop()


class Room:
    """The trainer's screen and the phones of one live room, all offline."""

    def __init__(self, browser, server: Server, query: str, quiz: bool = False) -> None:
        self.browser, self.server, self.remote = browser, server, []
        self.contexts = []
        self.trainer = self._page(viewport={"width": 1280, "height": 720})
        self.trainer.goto(
            f"{server.url}/voila/render/presenter.ipynb?{query}&token={TOKEN}", timeout=90_000
        )
        self.trainer.locator(".tv-presenter .tv-p-text").wait_for(timeout=90_000)
        if quiz:
            toggle = self.trainer.get_by_role("button", name="Quiz: off")
            toggle.focus()
            self.trainer.keyboard.press("Enter")
            self.trainer.locator(".tv-p-quiz[aria-pressed='true']").wait_for(timeout=20_000)
        self.trainer.get_by_role("button", name="Start live room").click()
        self.trainer.locator(".tv-p-code").wait_for(timeout=30_000)
        self.code = self.trainer.locator(".tv-p-code").inner_text()

    def _page(self, **kwargs):
        context = offline_context(self.browser, self.remote, **kwargs)
        self.contexts.append(context)
        return context.new_page()

    def phone(self):
        page = self._page(**PHONE)
        page.goto(f"{self.server.url}/join/{self.code}")
        page.locator("#tv-title", has_text="").wait_for(timeout=20_000)
        return page

    def csv(self) -> list[dict[str, str]]:
        url = f"{self.server.url}/trustvalue/live/export/{self.code}.csv?token={TOKEN}"
        with urllib.request.urlopen(url, timeout=10) as r:
            return list(csv.DictReader(io.StringIO(r.read().decode())))

    def check(self, name: str, phones: list) -> None:
        """Screenshots, the projector's fit and type size, axe on every page, offline."""
        for width, height in ((1280, 720), (1920, 1080)):
            self.trainer.set_viewport_size({"width": width, "height": height})
            self.trainer.wait_for_timeout(300)  # one frame of layout after the resize
            self.trainer.screenshot(path=str(SHOTS / f"{name}-trainer-{width}x{height}.png"))
            for part in (".tv-p-restart", ".tv-p-keys", ".tv-p-code", ".tv-p-stage"):
                box = self.trainer.locator(part).bounding_box()
                assert box is not None and box["y"] + box["height"] <= height + 1, (name, part)
        self.trainer.set_viewport_size({"width": 1280, "height": 720})
        small = self.trainer.evaluate(SMALL_TEXT)
        assert small == [], f"{name}: text under 20 px on the projector: {small[:5]}"
        for n, phone in enumerate(phones):
            phone.screenshot(path=str(SHOTS / f"{name}-phone{n + 1}-390x844.png"), full_page=True)
            overflow = phone.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 390, f"{name}: the phone page scrolls sideways ({overflow} px)"
        for page in [self.trainer, *phones]:
            assert axe_serious(page) == [], name
        assert self.remote == []

    def close(self) -> None:
        for context in self.contexts:
            for page in context.pages:
                page.goto("about:blank")
            context.close()


def axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def room(browser, server) -> Iterator[callable]:
    rooms: list[Room] = []

    def make(query: str, quiz: bool = False) -> Room:
        rooms.append(Room(browser, server, query, quiz))
        return rooms[-1]

    yield make
    for r in rooms:
        r.close()


def test_score_a_case_together(room, content: Content) -> None:
    case = next(iter(content.cases.values()))
    ref = case.reference.elements["common_pain"]
    r = room(f"case={case.id}")
    a, b, c = r.phone(), r.phone(), r.phone()
    for phone, level in ((a, 0), (b, 4), (c, ref.score)):
        phone.locator(".tv-choices button").first.wait_for(timeout=20_000)
        # Each level with its name and the rubric's description of it.
        assert phone.locator(".tv-choice-desc").count() == 5
        phone.locator(f"button[data-choice='{level}']").click()
        phone.locator(f"button[data-choice='{level}'][aria-pressed='true']").wait_for(
            timeout=20_000
        )
    screen = r.trainer
    screen.locator(".tv-p-answers", has_text="3 answers").wait_for(timeout=20_000)
    screen.locator(".tv-p-choice[data-choice='4'] .tv-p-num", has_text="(33%)").wait_for(
        timeout=20_000
    )
    assert screen.locator(".tv-p-answer").inner_text() == ""  # nothing before the reveal
    screen.keyboard.press(" ")
    screen.locator(".tv-p-expl", has_text=ref.reason[:40]).wait_for(timeout=20_000)
    split = screen.locator(".tv-p-split").inner_text()
    assert split.startswith("The room: 1 of 3 chose the course's answer")
    assert "answers ran from 0 Absent to 4 Strong: ask both ends why" in split
    far = sum(abs(level - ref.score) >= 2 for level in (0, 4, ref.score))
    assert f"; {far} of 3 were two or more levels from the reference." in split
    a.locator("button[data-choice='0'][disabled]").wait_for(timeout=20_000)
    r.check("score", [a])
    rows = r.csv()
    assert len(rows) == 3 and {row["kind"] for row in rows} == {"score"}


def test_profile_our_own_alliances(room, content: Content) -> None:
    r = room("profile=elements")
    elements = content.rubric.ids("elements")
    keyboard, touch = r.phone(), r.phone()
    # By keyboard only: an arrow key moves within each element's levels.
    keyboard.locator(".tv-item").first.wait_for(timeout=20_000)
    keyboard.locator("input[name='common_pain']").first.focus()
    for n, _element in enumerate(elements):  # levels 0 1 2 3 4 0 1 2
        for _ in range(n % 5):
            keyboard.keyboard.press("ArrowRight")
        if n % 5 == 0:
            keyboard.keyboard.press("Space")
        keyboard.keyboard.press("Tab")
    keyboard.keyboard.press("Enter")
    keyboard.locator("#tv-status", has_text="Sent").wait_for(timeout=20_000)
    # By touch: level 1 everywhere, but the last element left out at first.
    touch.locator(".tv-item").first.wait_for(timeout=20_000)
    for element in elements[:-1]:
        touch.locator(f"label:has(input[name='{element}'][value='1'])").tap()
    touch.get_by_role("button", name="Send my profile").tap()
    touch.locator("#tv-status", has_text="Score every element first").wait_for(timeout=20_000)
    touch.locator(f"label:has(input[name='{elements[-1]}'][value='3'])").tap()
    touch.get_by_role("button", name="Send my profile").tap()
    touch.locator("#tv-status", has_text="Sent").wait_for(timeout=20_000)
    screen = r.trainer
    screen.locator(".tv-p-answers", has_text="2 answers").wait_for(timeout=20_000)
    row = screen.locator(".tv-p-prof-row[data-item='convener'] .tv-p-prof-num")
    assert row.inner_text() == "1 (1-1)"  # keyboard 1, touch 1
    screen.keyboard.press(" ")  # close answers: the two weakest elements, and what they predict
    weak = screen.locator(".tv-p-weak")
    weak.first.wait_for(timeout=20_000)
    assert weak.count() == 2
    # common_pain and charter: 0 and 1, median 0.5; in rubric order.
    assert [weak.nth(i).get_attribute("data-item") for i in (0, 1)] == ["common_pain", "charter"]
    predicts = content.rubric.criterion("common_pain").weak_predicts
    assert predicts[:50] in weak.nth(0).inner_text()
    r.check("profile", [keyboard, touch])
    rows = r.csv()
    assert len(rows) == 2 * len(elements)
    assert {row["phone"] for row in rows} == {"respondent 1", "respondent 2"}
    assert {row["time"] for row in rows} == {""}  # nothing but the numbers


def test_word_cloud_with_moderation(room) -> None:
    r = room("cloud=m03-spiral-signs")
    a, b = r.phone(), r.phone()
    for phone, text in (
        (a, "Milestones met, open talk"),
        (b, "<b>open</b> talk & sarcasm <script>x</script>"),
    ):
        phone.get_by_label("Your answer (a few words)").fill(text)
        phone.keyboard.press("Tab")
        phone.keyboard.press("Enter")
        phone.locator("#tv-status", has_text="Sent").wait_for(timeout=20_000)
    a.get_by_label("Your answer (a few words)").fill("x" * 200)
    assert len(a.get_by_label("Your answer (a few words)").input_value()) == 140  # maxlength
    screen = r.trainer
    screen.locator(".tv-p-entry").nth(1).wait_for(timeout=20_000)
    words = screen.locator("svg.tv-p-cloud text.tv-p-word")
    assert {"open", "talk", "sarcasm", "milestones"} <= set(
        words.evaluate_all("l => l.map(e => e.textContent)")
    )
    assert screen.locator("svg.tv-p-cloud text[data-count='2']").count() == 2  # open, talk
    newest = screen.locator(".tv-p-entry").first
    assert newest.locator(".tv-p-entry-text").inner_text() == (
        "<b>open</b> talk & sarcasm <script>x</script>"
    )
    assert screen.locator(".tv-p-entry b, .tv-p-entry script").count() == 0
    # The trainer hides it by keyboard: gone from the cloud and the list, for everyone.
    newest.get_by_role("button").focus()
    screen.keyboard.press("Enter")
    screen.locator(".tv-p-entry-hidden").wait_for(timeout=20_000)
    assert screen.locator(".tv-p-entry-hidden").inner_text().startswith("Hidden answer")
    screen.locator("svg.tv-p-cloud text", has_text="sarcasm").wait_for(
        state="detached", timeout=20_000
    )
    b.get_by_label("Your answer (a few words)").fill("sarcasm again")
    b.get_by_role("button", name="Change my answer").click()
    b.locator("#tv-status", has_text="hidden your answer").wait_for(timeout=20_000)
    r.check("cloud", [a])
    rows = r.csv()
    assert [row["hidden"] for row in rows] == ["", "yes"]
    assert rows[1]["answer"] == "<b>open</b> talk & sarcasm <script>x</script>"


def test_rank_by_keyboard_and_touch(room, content: Content) -> None:
    r = room("rank=practice")
    practices = [c.id for c in content.schemes["practice"].categories]
    keyboard, touch = r.phone(), r.phone()
    keyboard.locator(".tv-rank-item").first.wait_for(timeout=20_000)
    keyboard.get_by_role("button", name="Move Be patient up").focus()
    for _ in range(len(practices) - 1):
        keyboard.keyboard.press("Enter")  # the focus follows the moved item
    order = keyboard.locator(".tv-rank-item").evaluate_all("l => l.map(e => e.dataset.item)")
    assert order[0] == "be_patient"
    keyboard.get_by_role("button", name="Send my order").focus()
    keyboard.keyboard.press("Enter")
    keyboard.locator("#tv-status", has_text="Sent").wait_for(timeout=20_000)
    touch.locator(".tv-rank-item").first.wait_for(timeout=20_000)
    touch.get_by_role("button", name="Move Be patient up").tap()
    touch.get_by_role("button", name="Send my order").tap()
    touch.locator("#tv-status", has_text="Sent").wait_for(timeout=20_000)
    screen = r.trainer
    screen.locator(".tv-p-answers", has_text="2 answers").wait_for(timeout=20_000)
    rows = screen.locator(".tv-p-rank-row")
    first = rows.first
    # Borda over six: share_openly 4 + 5 = 9 points, be_patient 5 + 1 = 6.
    assert first.get_attribute("data-item") == "share_openly"
    assert "9 points" in first.inner_text()
    r.check("rank", [keyboard, touch])
    assert len(r.csv()) == 2 * len(practices)


def test_quiz_mode_with_a_leaderboard(room, content: Content) -> None:
    module = content.modules["02-two-perspectives"]
    keys = load_keys(module, KEYS)
    right = keys.exercises[module.exercises[0].id].answer.lower()
    wrong = next(k.lower() for k in module.exercises[0].options if k.lower() != right)
    r = room("questions=02-two-perspectives", quiz=True)
    ann, bob = r.phone(), r.phone()
    for phone, name in ((ann, "<i>Ann</i>"), (bob, "Bob")):
        phone.get_by_label("Your nickname for the leaderboard (shown on the screen)").fill(name)
        phone.get_by_role("button", name="Play").click()
        phone.locator("#tv-me", has_text=f"{name}: 0 points").wait_for(timeout=20_000)
    bob2 = r.phone()
    bob2.get_by_label("Your nickname for the leaderboard (shown on the screen)").fill("BOB")
    bob2.get_by_role("button", name="Play").click()
    bob2.locator("#tv-status", has_text="taken").wait_for(timeout=20_000)
    ann.locator(f"button[data-choice='{right}'][disabled]").wait_for(timeout=20_000)
    screen = r.trainer
    screen.locator(".tv-p-clock", has_text="Press Space").wait_for(timeout=20_000)
    screen.keyboard.press(" ")  # starts the clock
    screen.locator(".tv-p-clock", has_text="s left").wait_for(timeout=20_000)
    ann.locator(f"button[data-choice='{right}']:not([disabled])").click()
    ann.locator("#tv-status", has_text="locked in").wait_for(timeout=20_000)
    bob.locator(f"button[data-choice='{wrong}']:not([disabled])").click()
    bob.locator("#tv-status", has_text="locked in").wait_for(timeout=20_000)
    screen.locator(".tv-p-answers", has_text="2 answers").wait_for(timeout=20_000)
    assert screen.locator(".tv-p-num").count() == 0  # no split before the reveal
    screen.keyboard.press(" ")  # reveals
    board = screen.locator(".tv-p-board-row")
    board.first.wait_for(timeout=20_000)
    assert board.nth(0).locator(".tv-p-nick").inner_text() == "<i>Ann</i>"
    assert screen.locator(".tv-p-board i").count() == 0
    points = int(board.nth(0).locator(".tv-p-num").inner_text().split()[0])
    assert 500 < points <= 1000
    ann.locator("#tv-me", has_text=f"{points} points").wait_for(timeout=20_000)
    r.check("quiz", [ann])
    rows = r.csv()
    assert {(row["nickname"], row["correct"]) for row in rows} == {
        ("<i>Ann</i>", "yes"),
        ("Bob", "no"),
    }
