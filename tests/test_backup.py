"""One file holds all of a learner's work; a bad file is refused and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustvalue_course.content import Content
from trustvalue_course.learner_files import backup
from trustvalue_course.learner_files.backup import BackupError, checksum, export, parse, restore
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_widgets import Scorecard, SpiralSimulator, StatementSorter


def store(modules: Path, module: str) -> AnswerStore:
    return AnswerStore(modules / module / "saved-answers")


def work_in_two_modules(content: Content, modules: Path) -> None:
    """A learner's real work, written by the real widgets: a sorter, a scorecard, the simulator."""
    sorter = StatementSorter.for_activity(
        "m02-sort-perspective", content=content, store=store(modules, "02-two-perspectives")
    )
    for st_ in sorter.statements[:3]:
        sorter.place(st_.id, "trust_we")
    card = Scorecard.for_activity(
        "m07-score-own", content=content, store=store(modules, "07-capstone")
    )
    card.title = "Our joint venture with Nordlys"
    card.score(card._criteria[0]["id"], 3)
    card.revealed = True
    sim = SpiralSimulator(activity_id="m03-spiral", store=store(modules, "03-trust-spiral"))
    sim.openness = 0.9
    sim.shock = True


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def saved(modules: Path) -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text()) for p in sorted(modules.glob("*/saved-answers/*.json"))
    }


@pytest.fixture
def exported(content: Content, tmp_path: Path) -> str:
    work_in_two_modules(content, tmp_path / "old")
    return export(content, tmp_path / "old")


def test_round_trip_restores_every_answer_into_a_fresh_session(
    content: Content, tmp_path: Path, exported: str
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    doc = json.loads(exported)
    assert doc["course"] == backup.COURSE_ID and doc["checksum"] == checksum(doc)
    assert set(doc["activities"]) == {"m02-sort-perspective", "m07-score-own", "m03-spiral"}
    assert len(exported.encode()) < 10_000  # small: a learner can mail it to themselves

    report = restore(exported, content, new)
    assert saved(new) == saved(old)
    assert {d.kept for d in report.decisions} == {"file"}
    assert report.summary == "Done: 3 activities restored from your file."

    # The widgets find the work where it was.
    again = StatementSorter.for_activity(
        "m02-sort-perspective", content=content, store=store(new, "02-two-perspectives")
    )
    assert len(again.placements) == 3
    card = Scorecard.for_activity("m07-score-own", content=content, store=store(new, "07-capstone"))
    assert card.title == "Our joint venture with Nordlys" and card.revealed
    assert SpiralSimulator(activity_id="m03-spiral", store=store(new, "03-trust-spiral")).shock


def test_newer_answers_win_and_the_learner_is_told_which(
    content: Content, tmp_path: Path, exported: str
) -> None:
    new = tmp_path / "new"
    doc = json.loads(exported)
    # This session: the simulator moved later than the file; the sorter saved earlier.
    sim_rec = dict(doc["activities"]["m03-spiral"], saved_at="2999-01-01T10:00:00+0000")
    sim_rec["settings"] = dict(sim_rec["settings"], openness=0.1)
    store(new, "03-trust-spiral").save("m03-spiral", sim_rec)
    sorter_rec = dict(doc["activities"]["m02-sort-perspective"], saved_at="2000-01-01T10:00:00Z")
    sorter_rec["placements"] = {}
    store(new, "02-two-perspectives").save("m02-sort-perspective", sorter_rec)
    store(new, "07-capstone").save("m07-score-own", doc["activities"]["m07-score-own"])

    report = restore(exported, content, new)
    kept = {d.activity: d.kept for d in report.decisions}
    assert kept == {
        "m02-sort-perspective": "file",
        "m03-spiral": "session",
        "m07-score-own": "same",
    }
    messages = {d.activity: d.message for d in report.decisions}
    assert messages["m03-spiral"].startswith("This session's answers are kept: they are newer")
    assert messages["m02-sort-perspective"].startswith("Your file's answers are kept")
    assert messages["m07-score-own"].startswith("Already here")
    assert report.summary == (
        "Done: 1 activity restored from your file, 2 kept as they were in this session."
    )
    now = saved(new)
    assert now["m03-spiral"]["settings"]["openness"] == 0.1
    assert len(now["m02-sort-perspective"]["placements"]) == 3


def resign(doc: dict) -> str:
    """A file that passes the checksum: what someone forging a file would produce."""
    doc["checksum"] = checksum(doc)
    return json.dumps(doc)


def bad_files(exported: str) -> dict[str, tuple[str | bytes, str]]:
    doc = json.loads(exported)
    acts = doc["activities"]

    def with_(mutate) -> str:
        d = json.loads(exported)
        mutate(d)
        return resign(d)

    return {
        "truncated": (exported[: len(exported) // 2], "damaged"),
        "not json": ("Dear diary, today I sorted statements.", "damaged"),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a text file"),
        "oversized": (exported + " " * backup.MAX_BYTES, "larger than 256 KB"),
        "edited without checksum": (
            exported.replace('"openness": 0.9', '"openness": 0.2'),
            "checksum",
        ),
        "foreign course": (with_(lambda d: d.update(course="another-course")), "another course"),
        "another format": (json.dumps({"cells": [], "nbformat": 4}), "not a backup"),
        "unknown activity": (
            with_(lambda d: d["activities"].update({"m99-evil": acts["m03-spiral"]})),
            "not an activity of this course",
        ),
        "script in a title": (
            with_(
                lambda d: d["activities"]["m07-score-own"].update(
                    title="<script>fetch('//evil')</script>"
                )
            ),
            "markup",
        ),
        "image with onerror": (
            with_(lambda d: d["activities"]["m07-score-own"].update(title="<img src=x onerror=1>")),
            "markup",
        ),
        "javascript address": (
            with_(lambda d: d["activities"]["m03-spiral"].update(direction="javascript:alert(1)")),
            "markup",
        ),
        "wrong kind": (
            with_(lambda d: d["activities"]["m03-spiral"].update(kind="sorter")),
            "not a spiral",
        ),
        "score out of range": (
            with_(
                lambda d: d["activities"]["m07-score-own"]["scores"].update(
                    {next(iter(acts["m07-score-own"]["scores"])): 99}
                )
            ),
            "from 0 to 4",
        ),
        "nested object smuggled in": (
            with_(lambda d: d["activities"]["m03-spiral"].update(extra={"__class__": "os"})),
            "unexpected field",
        ),
        "NaN setting": (
            exported.replace('"openness": 0.9', '"openness": NaN'),
            "damaged",
        ),
        "duplicate key": (
            exported.replace(
                '"format": "trustvalue-backup"', '"format": "x", "format": "trustvalue-backup"'
            ),
            "damaged",
        ),
        "deeply nested": ("[" * 100_000 + "]" * 100_000, "damaged"),
        "deep but small": ("[" * 50_000, "damaged"),
    }


def test_each_kind_of_bad_file_is_refused_with_one_message_and_changes_nothing(
    content: Content, tmp_path: Path, exported: str
) -> None:
    here = tmp_path / "session"
    store(here, "03-trust-spiral").save("m03-spiral", {"kind": "spiral", "settings": {}})
    before = snapshot(here)
    for name, (text, why) in bad_files(exported).items():
        with pytest.raises(BackupError) as err:
            restore(text, content, here)
        message = str(err.value)
        assert message.startswith(backup.REFUSED), name
        assert why in message, (name, message)
        assert "\n" not in message and len(message) < 300, name
        assert snapshot(here) == before, name


def test_a_save_failing_half_way_puts_everything_back(
    content: Content, tmp_path: Path, exported: str
) -> None:
    here = tmp_path / "session"
    store(here, "03-trust-spiral").save(
        "m03-spiral", {"kind": "spiral", "settings": {}, "saved_at": "2000-01-01T00:00:00+0000"}
    )
    before = snapshot(here)
    calls = []

    def disk_full_on_third(obj, fh) -> None:
        calls.append(obj["activity"])
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        json.dump(obj, fh, indent=1, sort_keys=True)

    with pytest.raises(OSError):
        restore(exported, content, here, _write=disk_full_on_third)
    assert len(calls) == 3
    assert snapshot(here) == before  # the two saves already made were undone


def test_export_skips_nothing_a_widget_wrote(content: Content, tmp_path: Path) -> None:
    """Every activity of the course, worked through by its real widget, survives the trip."""
    old = tmp_path / "old"
    for module in content.modules.values():
        for act in module.activities:
            where = store(old, module.id)
            if act.widget == "sorter":
                w = StatementSorter.for_activity(act.id, content=content, store=where)
                w.place(w.statements[0].id, w._scheme.categories[0].id)
            elif act.widget == "scorecard":
                w = Scorecard.for_activity(act.id, content=content, store=where)
                w.score(w._criteria[0]["id"], 2)
            elif act.widget == "spiral":
                SpiralSimulator(activity_id=act.id, store=where).patience = 0.2
    text = export(content, old)
    assert len(json.loads(text)["activities"]) == len(saved(old))
    assert len(text.encode()) < backup.MAX_BYTES / 4
    restore(text, content, tmp_path / "new")
    assert saved(tmp_path / "new") == saved(old)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damage_is_refused_or_harmless(
    content: Content, tmp_path_factory: pytest.TempPathFactory, exported: str, data
) -> None:
    """Flip, cut or insert bytes anywhere: the file is refused cleanly, or restores the original."""
    raw = bytearray(exported.encode())
    kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if kind == "flip":
        raw[at] ^= data.draw(st.integers(1, 255))
    elif kind == "cut":
        del raw[at : at + data.draw(st.integers(1, 40))]
    else:
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    here = tmp_path_factory.mktemp("session")
    try:
        restore(bytes(raw), content, here)
    except BackupError as err:
        assert str(err).startswith(backup.REFUSED)
        assert snapshot(here) == {}
    else:  # only harmless damage (say, in the spaces between fields) gets through
        assert parse(bytes(raw), content) == parse(exported, content)


# ---------------------------------------------------------------------------- the widget


def test_widget_download_then_restore_as_the_browser_would(
    content: Content, tmp_path: Path
) -> None:
    from trustvalue_widgets.backup import CourseBackup

    old, new = tmp_path / "old", tmp_path / "new"
    work_in_two_modules(content, old)
    there = CourseBackup(content=content, folder=old)
    there.set_state({"_intent": {"name": "download", "n": "1"}})  # the Download button
    file = there._download
    assert file["name"].endswith(".json") and file["count"] == 3

    refreshed = []
    here = CourseBackup(content=content, folder=new, after_restore=lambda: refreshed.append(1))
    here.upload = {"name": "damaged.json", "text": file["text"][:-40]}
    assert here._result["ok"] is False and "damaged" in here._result["summary"]
    assert saved(new) == {} and refreshed == []

    here.upload = {"name": file["name"], "text": file["text"]}  # the file input
    assert here._result["ok"] is True
    assert {r["activity"] for r in here._result["rows"]} == set(saved(old))
    assert all(r["where"].startswith("Module ") for r in here._result["rows"])
    assert saved(new) == saved(old) and refreshed == [1]
    assert here.upload == {}  # ready for the next file


def test_widget_finds_the_modules_folder_from_a_module_and_from_the_map(tmp_path: Path) -> None:
    from trustvalue_widgets.backup import modules_dir

    modules = tmp_path / "modules"
    (modules / "02-two-perspectives").mkdir(parents=True)
    apps = tmp_path / "apps"
    apps.mkdir()
    assert modules_dir(modules) == modules
    assert modules_dir(modules / "02-two-perspectives") == modules
    assert modules_dir(apps) == modules
