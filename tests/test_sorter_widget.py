"""The sorter widget from Python: write the traits the browser writes, check what comes back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trustvalue_course.content import Content
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_widgets import StatementSorter, activity


@pytest.fixture
def store(tmp_path: Path) -> AnswerStore:
    return AnswerStore(tmp_path / "saved-answers")


def make(
    content: Content, store: AnswerStore, activity_id: str = "m02-sort-perspective"
) -> StatementSorter:
    return StatementSorter.for_activity(activity_id, content=content, store=store)


def test_browser_sees_no_answers_before_placing(content: Content, store: AnswerStore) -> None:
    sorter = make(content, store)
    assert sorter._feedback == {}
    assert {"id", "text", "context"} == set(sorter._items[0])
    state = json.dumps(sorter.get_state())
    for st in sorter.statements:
        assert st.explanation not in state


def test_placing_gives_explained_feedback_and_score(content: Content, store: AnswerStore) -> None:
    sorter = make(content, store)
    first, second = sorter.statements[:2]
    right = first.answers["perspective"]
    wrong = "trust_we" if second.answers["perspective"] == "fear_me" else "fear_me"
    sorter.placements = {first.id: right, second.id: wrong}  # what a click in the browser writes
    fb1, fb2 = sorter._feedback[first.id], sorter._feedback[second.id]
    assert fb1["correct"] is True and fb1["verdict"].startswith("Correct")
    assert fb1["explanation"] == first.explanation
    assert fb2["correct"] is False and "Not quite" in fb2["verdict"]
    assert fb2["explanation"] == second.explanation
    assert sorter.score["correct"] == 1 and sorter.score["placed"] == 2
    assert sorter.score["total"] == len(sorter.statements) == 12
    assert "1 of 2 placed correctly" in sorter.score["summary"]


def test_retry_clears_only_wrong_answers_and_reveal_shows_all(
    content: Content, store: AnswerStore
) -> None:
    sorter = make(content, store)
    a, b = sorter.statements[:2]
    wrong = "trust_we" if b.answers["perspective"] == "fear_me" else "fear_me"
    sorter.place(a.id, a.answers["perspective"])
    sorter.place(b.id, wrong)
    sorter.retry()
    assert sorter.placements == {a.id: a.answers["perspective"]}
    sorter.revealed = True  # the "Show answers" button
    assert set(sorter._feedback) == {s.id for s in sorter.statements}
    assert sorter._feedback[b.id]["correct"] is None
    assert sorter._feedback[b.id]["verdict"].startswith("Answer:")
    assert sorter.score["placed"] == 1
    sorter.reset()
    assert sorter.placements == {} and sorter._feedback == {}


def test_garbage_from_the_browser_is_ignored(content: Content, store: AnswerStore) -> None:
    sorter = make(content, store)
    a = sorter.statements[0]
    sorter.placements = {a.id: "fear_me", "no-such-id": "fear_me", sorter.statements[1].id: "bogus"}
    assert sorter.placements == {a.id: "fear_me"}
    assert sorter.score["placed"] == 1


def test_work_survives_a_new_widget_instance(content: Content, store: AnswerStore) -> None:
    sorter = make(content, store)
    a, b = sorter.statements[:2]
    sorter.place(a.id, "fear_me")
    sorter.place(b.id, "trust_we")
    again = make(content, store)  # a kernel restart or a reopened notebook builds a new one
    assert again.placements == {a.id: "fear_me", b.id: "trust_we"}
    assert again.score == sorter.score
    assert again._feedback[a.id]["explanation"] == a.explanation
    saved = json.loads((store.folder / "m02-sort-perspective.json").read_text())
    assert saved["placements"] == {a.id: "fear_me", b.id: "trust_we"}


def test_activities_keep_separate_files(content: Content, store: AnswerStore) -> None:
    one = make(content, store, "m02-sort-perspective")
    two = make(content, store, "m02-sort-contrast")
    one.place(one.statements[0].id, "fear_me")
    two.place(two.statements[0].id, "pie")
    assert store.activities() == ["m02-sort-contrast", "m02-sort-perspective"]


def test_notebook_entry_point_restores_from_cwd(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    w = activity("m02-sort-pie-needs")
    w.place(w.statements[0].id, "pie")
    assert (tmp_path / "saved-answers" / "m02-sort-pie-needs.json").exists()
    assert activity("m02-sort-pie-needs").placements == {w.statements[0].id: "pie"}


def test_interrupted_save_keeps_the_previous_answers(content: Content, store: AnswerStore) -> None:
    sorter = make(content, store)
    a = sorter.statements[0]
    sorter.place(a.id, "fear_me")
    path = store.folder / "m02-sort-perspective.json"
    before = path.read_bytes()

    def crash_half_way(obj: object, fh: object) -> None:
        text = json.dumps(obj)
        fh.write(text[: len(text) // 2])  # type: ignore[attr-defined]
        raise KeyboardInterrupt  # the kernel is interrupted mid-save

    with pytest.raises(KeyboardInterrupt):
        store.save("m02-sort-perspective", {"placements": {}}, _write=crash_half_way)
    assert path.read_bytes() == before
    assert [p.name for p in store.folder.iterdir()] == ["m02-sort-perspective.json"]
    assert make(content, store).placements == {a.id: "fear_me"}


def test_killed_process_never_leaves_a_broken_file(tmp_path: Path) -> None:
    """A real process is killed (SIGKILL) while saving in a loop; the file stays valid."""
    folder = tmp_path / "saved-answers"
    AnswerStore(folder).save("act", {"placements": {"n": "0"}})
    script = textwrap.dedent(f"""
        from trustvalue_course.learner_files.store import AnswerStore
        store = AnswerStore({str(folder)!r})
        big = {{f"s{{i}}": "x" * 200 for i in range(3000)}}
        n = 0
        while True:
            n += 1
            store.save("act", {{"placements": {{"n": str(n)}}, "padding": big}})
    """)
    for delay in (0.4, 0.7, 1.0):
        proc = subprocess.Popen([sys.executable, "-c", script])
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        result = AnswerStore(folder).load("act")
        assert result.notice == ""
        assert "n" in result.data["placements"]


def test_damaged_file_is_kept_aside_and_learner_told(content: Content, store: AnswerStore) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "m02-sort-perspective.json").write_text('{"version": 1, "placements": {')
    sorter = make(content, store)
    assert "damaged" in sorter._notice
    kept = list(store.folder.glob("m02-sort-perspective.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"version": 1')
    sorter.place(sorter.statements[0].id, "fear_me")
    assert make(content, store).placements == {sorter.statements[0].id: "fear_me"}


def test_unwritable_folder_tells_the_learner(content: Content, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be")
    sorter = make(content, AnswerStore(blocker / "saved-answers"))
    sorter.place(sorter.statements[0].id, "fear_me")
    assert "could not be saved" in sorter._notice
    assert sorter.score["placed"] == 1  # feedback still works
