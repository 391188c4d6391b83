"""The course map reads real saved answers and points to the next module."""

from __future__ import annotations

from pathlib import Path

from trustvalue_course.content import Content
from trustvalue_course.kinds import activity_done
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.progress import course_progress, next_module
from trustvalue_widgets import CourseMap, Scorecard, StatementSorter


def test_progress_follows_the_learners_work(content: Content, tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    start = course_progress(content, modules, activity_done)
    assert [p.status for p in start] == ["not started"] * len(content.modules)
    assert next_module(start).id == "00-start-here"

    sorter = StatementSorter.for_activity(
        "m00-try-sorter",
        content=content,
        store=AnswerStore(modules / "00-start-here" / "saved-answers"),
    )
    for st in sorter.statements:
        sorter.place(st.id, "fear_me")
    half = StatementSorter.for_activity(
        "m02-sort-perspective",
        content=content,
        store=AnswerStore(modules / "02-two-perspectives" / "saved-answers"),
    )
    half.place(half.statements[0].id, "trust_we")

    progress = {p.id: p for p in course_progress(content, modules, activity_done)}
    assert progress["00-start-here"].status == "done"
    assert (progress["02-two-perspectives"].started, progress["02-two-perspectives"].done) == (1, 0)
    assert progress["02-two-perspectives"].status == "started"
    assert next_module(list(progress.values())).id == "02-two-perspectives"


def test_scorecard_counts_only_when_compared_in_full(content: Content, tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "modules" / "06-lasting-alliances" / "saved-answers")
    card = Scorecard.for_activity("m06-score-lloyds", content=content, store=store)
    for crit in card._criteria:
        card.score(crit["id"], 2)
    module = {p.id: p for p in course_progress(content, tmp_path / "modules", activity_done)}[
        "06-lasting-alliances"
    ]
    assert module.done == 0 and module.started == 1
    card.revealed = True
    module = {p.id: p for p in course_progress(content, tmp_path / "modules", activity_done)}[
        "06-lasting-alliances"
    ]
    assert module.done == 1


def test_widget_refreshes_when_asked(content: Content, tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    widget = CourseMap(content, modules_dir=modules)
    assert widget._next["id"] == "00-start-here"
    sorter = StatementSorter.for_activity(
        "m00-try-sorter",
        content=content,
        store=AnswerStore(modules / "00-start-here" / "saved-answers"),
    )
    for st in sorter.statements:
        sorter.place(st.id, "trust_we")
    widget.refreshed += 1  # the Refresh button
    assert widget._modules[0]["status"] == "done"
    assert widget._next["id"] == "01-why-alliances"
