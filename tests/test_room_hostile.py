"""The hostile phone, over real HTTP against the trainer's real server: each attack gets a
clear refusal and changes nothing else; a restart in the middle of a question loses no
answer; and the rules of every kind of answer, checked in Python."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Phone, Server, start_classroom
from trustvalue_course.classroom import activities
from trustvalue_course.classroom.extension import RATE
from trustvalue_course.classroom.prompts import cloud_prompts
from trustvalue_course.classroom.rooms import RoomError, Rooms
from trustvalue_course.content.yamlsource import ContentError

TOKEN = "hostile-token"
ITEMS = [{"id": i, "label": i.title()} for i in ("alpha", "beta", "gamma")]
QUESTIONS = [
    {"kind": "text", "text": "In a few words?", "max": 40},
    {"kind": "profile", "text": "Score it", "items": ITEMS, "levels": list("ABCDE")},
    {"kind": "rank", "text": "Order them", "items": ITEMS},
    {
        "kind": "quiz",
        "text": "Which?",
        "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "answer": "a",
        "seconds": 20,
    },
]
A, B = "a" * 32, "b" * 32


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    server = start_classroom(tmp_path, TOKEN)
    yield server, tmp_path
    server.stop()


@pytest.mark.server
def test_hostile_phones_are_refused_and_change_nothing(live) -> None:
    server, root = live
    rooms = Rooms(root / "live.sqlite")
    code, secret = rooms.open("hostile", QUESTIONS[:3])
    good, bad = Phone(server, code), Phone(server, code)
    assert good.answer(0, "open talk")[0] == 200
    # Sends twice: kept once. Reconnects (same cookie, new connection): still one answer.
    assert good.answer(0, "open talk")[0] == 200
    again = Phone(server, code, good.jar)
    assert again.get()[1]["question"]["mine"] == "open talk"
    assert again.answer(0, "open talk")[0] == 200
    attacks = [
        (b"{not json", 400, "could not be read"),
        (b"[1, 2]", 400, "could not be read"),
        (b'{"question": 0, "choice": "' + b"x" * 5000 + b'"}', 413, "too large"),
        (json.dumps({"question": 0, "choice": "y" * 41}).encode(), 409, "40 characters"),
        (json.dumps({"question": 0, "choice": " \u200b\n\t "}).encode(), 409, "a few words"),
        (json.dumps({"question": 0, "choice": {"html": "<b>"}}).encode(), 409, "short text"),
        (json.dumps({"question": 1, "choice": "late"}).encode(), 409, "no longer on screen"),
        (json.dumps({"question": 0, "choice": "x", "admin": 1}).encode(), 409, "nothing else"),
        (json.dumps({"nickname": "me"}).encode(), 409, "no leaderboard"),
    ]
    for body, status, message in attacks:
        got, reply = bad.send(body)
        assert (got, message in reply.get("error", "")) == (status, True), (body[:40], reply)
    assert bad.send(b"question=0", "application/x-www-form-urlencoded")[0] == 415
    # The profile and the order: only well-formed answers.
    rooms.show(code, secret, 1)
    for value in (
        {"alpha": 1, "beta": 2},
        {"alpha": 1, "beta": 2, "gamma": 5},
        {"alpha": True, "beta": 2, "gamma": 3},
        {"alpha": 1.5, "beta": 2, "gamma": 3},
        {"alpha": 1, "beta": 2, "gamma": 3, "delta": 0},
    ):
        assert bad.answer(1, value)[0] == 409, value
    assert good.answer(1, {"alpha": 1, "beta": 2, "gamma": 3})[0] == 200
    rooms.show(code, secret, 2)
    for value in (["alpha", "beta"], ["alpha", "alpha", "beta"], ["alpha", "beta", 3], "alpha"):
        assert bad.answer(2, value)[0] == 409, value
    # A closed question: refused, the stored answer unchanged.
    rooms.reveal(code, secret, 2)
    assert good.answer(2, ["gamma", "beta", "alpha"])[0] == 409
    # Flood: refused with 429 once over the limit, and nothing else changes.
    codes = [bad.answer(0, "spam")[0] for _ in range(RATE + 5)]
    assert codes.count(429) >= 5 and 200 not in codes
    assert good.get()[0] == 200  # another phone is not slowed by the flood
    with sqlite3.connect(root / "live.sqlite") as db:
        stored = db.execute(
            "SELECT question, category FROM answers WHERE code = ? ORDER BY question", (code,)
        ).fetchall()
    assert stored == [(0, "open talk"), (1, "[1, 2, 3]")]


@pytest.mark.server
def test_a_restart_mid_question_loses_no_answer(live) -> None:
    server, root = live
    rooms = Rooms(root / "live.sqlite")
    code, _secret = rooms.open("restart", [QUESTIONS[0]])
    phones = [Phone(server, code) for _ in range(20)]
    for n, phone in enumerate(phones[:10]):
        assert phone.answer(0, f"before {n}")[0] == 200
    server.stop()  # mid-question
    again = start_classroom(root, TOKEN)
    try:
        for n, phone in enumerate(phones):
            phone.url = phone.url.replace(server.url, again.url)
            assert phone.answer(0, f"after {n}" if n >= 10 else f"before {n}")[0] == 200
        assert phones[3].get()[1]["question"]["mine"] == "before 3"  # the phone's cookie
    finally:
        again.stop()
    summary = Rooms(root / "live.sqlite").summary(code, 0)
    assert summary["total"] == 20
    assert {e["text"] for e in summary["entries"]} == {
        f"before {n}" if n < 10 else f"after {n}" for n in range(20)
    }


def test_quiz_rules(tmp_path: Path) -> None:
    rooms = Rooms(tmp_path / "live.sqlite")
    code, secret = rooms.open("quiz", [QUESTIONS[3], QUESTIONS[3]])
    with pytest.raises(RoomError, match="nickname first"):
        rooms.answer(code, A, 0, "a")
    assert rooms.set_nickname(code, A, "  <b>Ann</b>\u202e\n ") == "<b>Ann</b>"
    for name, message in (("", "1 to 20"), ("x" * 21, "1 to 20"), (["Ann"], "short text")):
        with pytest.raises(RoomError, match=message):
            rooms.set_nickname(code, B, name)
    with pytest.raises(RoomError, match="taken"):
        rooms.set_nickname(code, B, "<B>ANN</B>")
    rooms.set_nickname(code, B, "Bob")
    with pytest.raises(RoomError, match="clock has not started"):
        rooms.answer(code, A, 0, "a")
    with pytest.raises(RoomError, match="only the trainer"):
        rooms.start_clock(code, "0" * 32, 0)
    rooms.start_clock(code, secret, 0)
    rooms.answer(code, A, 0, "a")
    rooms.answer(code, A, 0, "a")  # sent twice: fine, kept once
    with pytest.raises(RoomError, match="locked in"):
        rooms.answer(code, A, 0, "b")
    with sqlite3.connect(tmp_path / "live.sqlite") as db:  # the clock ran out long ago
        db.execute("UPDATE clocks SET started = started - 60 WHERE code = ?", (code,))
    with pytest.raises(RoomError, match="time is up"):
        rooms.answer(code, B, 0, "a")
    assert rooms.leaderboard(code)[0]["points"] == 0  # nothing counts before the reveal
    rooms.reveal(code, secret, 0)
    board = rooms.leaderboard(code)
    assert [(r["nickname"], r["right"]) for r in board] == [("<b>Ann</b>", 1), ("Bob", 0)]
    assert 500 <= board[0]["points"] <= 1000 and "phone" not in board[0]


def test_each_kind_summarises_and_exports(tmp_path: Path) -> None:
    rooms = Rooms(tmp_path / "live.sqlite")
    code, secret = rooms.open("all", QUESTIONS[:3])
    rooms.answer(code, A, 0, "=cmd| open talk")
    rooms.answer(code, B, 0, "Open, open TALK and trust!")
    rooms.show(code, secret, 1)
    rooms.answer(code, A, 1, {"alpha": 0, "beta": 4, "gamma": 2})
    rooms.answer(code, B, 1, {"alpha": 1, "beta": 4, "gamma": 4})
    rooms.show(code, secret, 2)
    rooms.answer(code, A, 2, ["gamma", "alpha", "beta"])
    rooms.answer(code, B, 2, ["gamma", "beta", "alpha"])
    cloud = rooms.summary(code, 0)
    assert cloud["words"][:2] == [["open", 2], ["talk", 2]]  # once per answer
    rooms.hide(code, secret, 0, cloud["entries"][0]["entry"])
    assert ["trust", 1] not in rooms.summary(code, 0)["words"]
    profile = rooms.summary(code, 1)["items"]
    assert [(i["median"], i["low"], i["high"]) for i in profile] == [
        (0.5, 0, 1),
        (4.0, 4, 4),
        (3.0, 2, 4),
    ]
    assert [i["id"] for i in activities.weakest(profile)] == ["alpha", "gamma"]
    ranking = rooms.summary(code, 2)["items"]
    assert [(r["id"], r["points"], r["mean_rank"]) for r in ranking] == [
        ("gamma", 4, 1.0),
        ("alpha", 1, 2.5),
        ("beta", 1, 2.5),
    ]
    lines = rooms.export_csv(code).splitlines()
    assert lines[1].split(",")[4] == "'=cmd| open talk"  # a spreadsheet shows it as text
    profile_lines = [line for line in lines if ",profile," in line]
    assert len(profile_lines) == 6 and all("respondent" in line for line in profile_lines)


def test_word_cloud_prompts_name_file_line_and_field(content, tmp_path: Path) -> None:
    assert len(cloud_prompts(content)) >= 7
    bad = tmp_path / "prompts.yaml"
    bad.write_text(
        "prompts:\n  - id: ok\n    module: 01-why-alliances\n    text: Fine?\n"
        "  - id: ok\n    module: 99-nowhere\n    text: Where?\n"
    )
    with pytest.raises(ContentError) as err:
        cloud_prompts(content, bad)
    text = str(err.value)
    assert "prompts.yaml" in text and "line 6" in text and "module" in text
    assert "repeats" in text


def test_questions_refuse_bad_shapes() -> None:
    with pytest.raises(RoomError, match="unknown kind"):
        activities.clean_question({"kind": "<script>", "text": "x"})
    with pytest.raises(RoomError, match="2 to 12 items"):
        activities.clean_question(
            {"kind": "rank", "text": "x", "items": [{"id": "a", "label": "A"}] * 2}
        )
    with pytest.raises(RoomError, match="five level names"):
        activities.clean_question({"kind": "profile", "text": "x", "items": ITEMS, "levels": []})
