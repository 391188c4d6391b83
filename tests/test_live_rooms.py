"""Live rooms and presenter mode, from Python: what the trainer and the phones can and cannot do."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trustvalue_course.classroom.extension import RateLimiter
from trustvalue_course.classroom.gallery import app_links, gallery_html
from trustvalue_course.classroom.rooms import CODE_RE, ENV_DB, ENV_SERVED, RoomError, Rooms
from trustvalue_course.content import Content
from trustvalue_widgets.apps import ScorecardApp, SorterApp, SpiralApp, course_map_app
from trustvalue_widgets.presenter import Presenter, qr_rows

PHONE_A, PHONE_B = "a" * 32, "b" * 32


@pytest.fixture
def rooms(tmp_path: Path) -> Rooms:
    return Rooms(tmp_path / "live.sqlite")


@pytest.fixture
def presenter(content: Content, rooms: Rooms) -> Presenter:
    p = Presenter.for_activity("m02-sort-perspective", content, rooms=rooms, join_url="http://h/")
    yield p
    p.close()


def wait_for(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def test_presenter_steps_and_reveals_only_what_is_on_screen(presenter: Presenter) -> None:
    first = presenter.slides[0]
    assert presenter._slide["text"] == first.text and presenter._answer == {}
    assert first.explanation not in str(presenter.get_state())  # no answer before the reveal
    presenter.revealed = True  # what Space writes
    assert presenter._answer["explanation"] == first.explanation
    presenter.index = 1  # what the right arrow writes
    assert presenter._slide["number"] == 2 and presenter._answer == {} and not presenter.revealed
    presenter.index = 0
    assert presenter.revealed  # a revealed slide stays revealed
    presenter.index = 999
    assert presenter.index == len(presenter.slides) - 1
    presenter.index = -5
    assert presenter.index == 0
    presenter.theme = "<script>"
    assert presenter.theme == "light"
    presenter.index = 1
    presenter.revealed = True
    presenter.restarts += 1  # the "Start again" button
    assert presenter.index == 0 and not presenter.revealed and presenter._answer == {}
    presenter.index = 1
    assert not presenter.revealed  # reveals of the last group are forgotten


def test_presenter_offers_a_live_room_only_where_rooms_are_served(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_SERVED, raising=False)  # Binder, a learner's Lab: no phones' page
    # Naming a database (as a trainer may in their shell) does not make rooms reachable.
    monkeypatch.setenv(ENV_DB, str(tmp_path / "live.sqlite"))
    alone = Presenter.for_activity("m02-sort-perspective", content)
    assert alone._rooms_served is False
    # A forged page: it claims rooms are served, then presses the hidden button, 30 times.
    alone.set_state({"_rooms_served": True})
    assert alone._rooms_served is False
    for _ in range(30):
        alone.set_state({"live": True})
        assert alone.live is False and alone.room_code == ""
    assert "make present" in alone._room["error"]
    assert not list(tmp_path.iterdir())  # no room database was made
    alone.close()
    # The trainer's server (make present): its extension marks the kernels it starts.
    monkeypatch.setenv(ENV_SERVED, "1")
    served = Presenter.for_activity("m02-sort-perspective", content, join_url="http://h/")
    assert served._rooms_served is True
    served.set_state({"live": True})
    assert CODE_RE.match(served.room_code)
    served.close()


def test_case_presenter_has_one_slide_per_criterion(content: Content) -> None:
    case_id = next(iter(content.cases))
    p = Presenter.for_case(case_id, content)
    assert len(p.slides) == 13
    assert [c["id"] for c in p._slide["choices"]] == ["0", "1", "2", "3", "4"]
    p.reveal()
    ref = content.cases[case_id].reference.elements[p.slides[0].id]
    assert p._answer["id"] == str(ref.score) and p._answer["explanation"] == ref.reason
    p.close()


def test_live_room_counts_phones_and_closes_at_the_reveal(
    presenter: Presenter, rooms: Rooms
) -> None:
    presenter.live = True  # the "Start live room" button
    code = presenter.room_code
    assert CODE_RE.match(code) and presenter._room["url"] == f"http://h/join/{code}"
    assert len(presenter._room["qr"]) >= 21  # a real QR matrix
    slide = presenter.slides[0]
    wrong = next(c["id"] for c in slide.choices if c["id"] != slide.answer)
    rooms.answer(code, PHONE_A, 0, wrong)
    rooms.answer(code, PHONE_A, 0, slide.answer)  # changed before the reveal: still one answer
    rooms.answer(code, PHONE_B, 0, slide.answer)
    wait_for(lambda: presenter._split.get("total") == 2)
    assert presenter._split["counts"][slide.answer] == 2
    presenter.revealed = True
    with pytest.raises(RoomError, match="revealed"):
        rooms.answer(code, PHONE_A, 0, wrong)
    presenter.index = 1
    assert rooms.room(code).current == 1
    with pytest.raises(RoomError, match="no longer on screen"):
        rooms.answer(code, PHONE_A, 0, wrong)
    rows = list(csv.reader(io.StringIO(rooms.export_csv(code))))
    assert len(rows) == 3 and {r[5] for r in rows[1:]} == {"yes"}


@pytest.mark.parametrize(
    ("question", "choice", "message"),
    [
        (0, "<script>alert(1)</script>", "not one of the choices"),
        (0, None, "not one of the choices"),
        (0, ["trust_we"], "not one of the choices"),
        ("0", "trust_we", "must be a number"),
        (True, "trust_we", "must be a number"),
        (7, "trust_we", "no longer on screen"),
    ],
)
def test_rooms_refuse_malformed_answers(rooms: Rooms, question, choice, message) -> None:
    code, _secret = rooms.open("t", [QUESTION, QUESTION])
    with pytest.raises(RoomError, match=message):
        rooms.answer(code, PHONE_A, question, choice)
    assert rooms.split(code, 0) == {"fear_me": 0, "trust_we": 0}


QUESTION = {
    "id": "s1",
    "text": '=HYPERLINK("http://x") <b>not bold</b>',
    "choices": [{"id": "fear_me", "label": "Fear & Me"}, {"id": "trust_we", "label": "Trust & We"}],
    "answer": "trust_we",
}


def test_only_the_trainer_moves_the_room_and_answers_survive_a_restart(
    rooms: Rooms, tmp_path: Path
) -> None:
    code, secret = rooms.open("t", [QUESTION, QUESTION])
    for bad in ("", "0" * 32, secret[:-1] + "x"):
        with pytest.raises(RoomError, match="only the trainer"):
            rooms.show(code, bad, 1)
    with pytest.raises(RoomError, match="no room"):
        rooms.answer("ZZZZZ", PHONE_A, 0, "trust_we")
    with pytest.raises(RoomError, match="unknown phone"):
        rooms.answer(code, "../../etc", 0, "trust_we")
    rooms.answer(code, PHONE_A, 0, "trust_we")
    again = Rooms(tmp_path / "live.sqlite")  # a server restart opens the same file
    assert again.split(code, 0) == {"fear_me": 0, "trust_we": 1}
    again.show(code, secret, 1)
    assert again.room(code).public_question()["number"] == 2
    line = list(csv.reader(io.StringIO(again.export_csv(code))))[1]
    assert line[2].startswith("'=HYPERLINK")  # a spreadsheet shows it as text


def test_public_question_never_carries_the_answer(rooms: Rooms) -> None:
    code, _ = rooms.open("t", [QUESTION])
    public = rooms.room(code).public_question()
    assert "answer" not in public and "trust_we" not in str({k: public[k] for k in ("text",)})
    assert [c["id"] for c in public["choices"]] == ["fear_me", "trust_we"]


def test_rate_limiter_counts_per_key() -> None:
    limit = RateLimiter(3, 60)
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")


def test_qr_code_is_a_square_matrix() -> None:
    rows = qr_rows("http://192.168.1.20:8888/join/ACDEF")
    assert len(rows) == len(rows[0]) and set("".join(rows)) == {"0", "1"}


def test_gallery_lists_every_trainer_app(content: Content) -> None:
    links = app_links(content)
    sorters = [a.id for m in content.modules.values() for a in m.activities if a.widget == "sorter"]
    presented = {link.query.get("activity") for link in links}
    assert set(sorters) <= presented
    for case in content.cases:
        assert {"presenter.ipynb", "case-scorecard.ipynb"} <= {
            link.notebook for link in links if link.query.get("case") == case
        }
    assert {"spiral-simulator.ipynb", "course-map.ipynb"} <= {link.notebook for link in links}
    html = gallery_html("/", content)
    assert html.count('class="tv-card"') == len(links)
    for link in links:
        assert (REPO_APPS / link.notebook).exists()


REPO_APPS = Path(__file__).resolve().parents[1] / "apps"


def test_apps_start_fresh_and_write_nothing(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sorter_app = SorterApp(content)
    first = sorter_app.sorter.statements[0]
    sorter_app.sorter.place(first.id, first.answers[sorter_app.chooser.value])
    assert sorter_app.sorter.score["placed"] == 1
    assert SorterApp(content).sorter.score["placed"] == 0  # the next group starts fresh
    sorter_app.reset()  # the "Start again" button
    assert sorter_app.sorter.score["placed"] == 0
    spiral = SpiralApp()
    spiral.simulator.openness = 0.0
    spiral.reset_button.click()
    assert spiral.simulator.openness == 0.5
    assert SpiralApp().simulator.openness == 0.5
    assert not (tmp_path / "saved-answers").exists()


def test_scorecard_app_reveals_the_reference_only_for_scored_criteria(content: Content) -> None:
    app = ScorecardApp(content)
    card = app.scorecard
    first = card._criteria[0]["id"]
    card.score(first, 2)
    card.revealed = True
    result = card._result
    assert set(result["references"]) == {first} and set(result["reasons"]) <= {first}
    assert result["scored"] == 1 and result["total"] == 13


def test_course_map_app_shows_no_ones_progress(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    html = course_map_app(content).value
    for module in content.modules.values():
        assert module.title.replace("&", "&amp;") in html
    assert "done" not in html.lower() and "next" not in html.lower()


# A trainer's kernel that opens a room, moves to the third statement, reveals it, takes
# one phone's answer, and dies without closing anything (a crash, a server restart).
CRASHING_TRAINER = """
import os, sys
from trustvalue_course.classroom.rooms import Rooms
from trustvalue_course.content import course_content
from trustvalue_widgets.presenter import Presenter
rooms = Rooms(sys.argv[1])
p = Presenter.for_activity("m02-sort-perspective", course_content(), rooms=rooms, join_url="http://h/")
p.live = True
p.index = 2
slide = p.slides[2]
rooms.answer(p.room_code, "c" * 32, 2, slide.answer)
p.revealed = True
print(p.room_code, flush=True)
os._exit(0)
"""


def test_a_room_left_open_by_a_stopped_server_goes_on_where_it_was(
    content: Content, rooms: Rooms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart, Start live room takes up the same room: the phones keep their
    code, the statement on screen, what was revealed and every answer given."""
    monkeypatch.setenv(ENV_SERVED, "1")
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_TRAINER, str(rooms.path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    code = crashed.stdout.split()[-1]
    assert CODE_RE.match(code)
    again = Presenter.for_activity(
        "m02-sort-perspective", content, rooms=rooms, join_url="http://h/"
    )
    try:
        again.live = True
        assert again.room_code == code
        assert again.index == 2 and again.revealed is True
        wait_for(lambda: again._split.get("total") == 1)
        # A second trainer's tab on the same deck, while this one runs, gets a room of its own.
        other = Presenter.for_activity(
            "m02-sort-perspective", content, rooms=rooms, join_url="http://h/"
        )
        other.live = True
        assert other.room_code not in ("", code)
        other.close()
        again.live = False  # End live room
    finally:
        again.close()
    # Ended on purpose, a room is closed for good: resume takes up only open ones.
    assert rooms.room(code).closed
