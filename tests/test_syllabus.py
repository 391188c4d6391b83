"""The curriculum is complete: every concept of the brief taught and practised, every module whole."""

from __future__ import annotations

from collections import Counter

import pytest

from trustvalue_course.content import Content
from trustvalue_course.content.models import ActivityCell, ExerciseCell, MarkdownCell
from trustvalue_course.learning.timing import READING_WPM, words

# The concept inventory of the course brief (COURSE-BRIEF.md, "Concept inventory").
BRIEF_CONCEPTS = [f"K{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 14)] + ["B1", "B2"]


def _practice(content: Content) -> dict[str, Counter[str]]:
    """Per concept, how many widget activities, graded questions and reflections practise it."""
    assert content.syllabus is not None
    activities = {a.id for m in content.modules.values() for a in m.activities}
    questions = {f"{m.id}/{q.id}" for m in content.modules.values() for q in m.exercises}
    reflections = {f"{m.id}/{r.id}" for m in content.modules.values() for r in m.reflections}
    counts: dict[str, Counter[str]] = {}
    for concept in content.syllabus.concepts:
        kinds: Counter[str] = Counter()
        for item in concept.practised_by:
            if item in activities:
                kinds["activity"] += 1
            elif item in questions:
                kinds["question"] += 1
            elif item in reflections:
                kinds["reflection"] += 1
            else:
                kinds["unknown"] += 1
        counts[concept.id] = kinds
    return counts


def test_syllabus_lists_exactly_the_brief_concepts(content: Content) -> None:
    assert content.syllabus is not None
    assert [c.id for c in content.syllabus.concepts] == BRIEF_CONCEPTS


def test_every_concept_is_taught_and_practised(content: Content) -> None:
    assert content.syllabus is not None
    taught = {cid for m in content.modules.values() for cid in m.concepts}
    assert set(BRIEF_CONCEPTS) <= taught
    assert taught <= set(BRIEF_CONCEPTS)
    for concept in content.syllabus.concepts:
        graded_or_widget = [p for p in concept.practised_by if "/r" not in p]
        assert graded_or_widget, f"{concept.id} is only practised in a reflection"


def test_practice_items_are_activities_questions_or_reflections(content: Content) -> None:
    counts = _practice(content)
    assert {cid: n["unknown"] for cid, n in counts.items() if n["unknown"]} == {}
    # Graded questions are counted apart from activities: most concepts have both.
    assert sum(1 for n in counts.values() if n["question"]) >= 20


def test_every_concept_is_practised_in_a_widget_activity(content: Content) -> None:
    """Reading about a concept and answering a question on it is not practising it."""
    counts = _practice(content)
    assert [cid for cid in BRIEF_CONCEPTS if counts[cid]["activity"] == 0] == []


def test_every_case_is_used_by_a_module_activity(content: Content) -> None:
    used = {
        a.case for m in content.modules.values() for a in m.activities if a.widget == "scorecard"
    }
    unused = [case.id for case in content.cases.values() if case.id not in used]
    assert len(content.cases) >= 7
    assert unused == []


@pytest.mark.parametrize("number", range(8))
def test_every_module_is_whole(content: Content, number: int) -> None:
    module = next(m for m in content.modules.values() if m.number == number)
    assert module.objectives and len(module.objectives) >= 2
    assert module.activities, "no widget activity"
    assert module.exercises, "no autograded exercise"
    assert len(module.reflections) == 1, "exactly one reflection graded by hand"
    last = module.cells[-1]
    assert isinstance(last, MarkdownCell) and "summary" in last.markdown.lower()[:200]
    for act in module.activities:
        for needle in ("minute",):
            assert needle in act.intro.lower(), f"{act.id}: intro must say how long it takes"


@pytest.mark.parametrize("number", range(1, 8))
def test_reading_length_and_pacing(content: Content, number: int) -> None:
    """10-20 minutes of reading, with an activity or exercise at least every ten minutes."""
    module = next(m for m in content.modules.values() if m.number == number)
    total = sum(words(c.markdown) for c in module.cells if isinstance(c, MarkdownCell))
    assert 1200 <= total <= 2800, total
    run = 0
    for cell in module.cells:
        if isinstance(cell, MarkdownCell):
            run += words(cell.markdown)
            assert run <= 10 * READING_WPM, f"{run} words without an activity"
        elif isinstance(cell, (ActivityCell, ExerciseCell)):
            run = 0


def test_both_sources_are_cited(content: Content) -> None:
    assert content.references is not None
    ids = {r.id for r in content.references.references}
    assert ids == {"kittel-2007", "leavitt-mckeown-2013"}
    text = " ".join(r.citation for r in content.references.references)
    assert "Building Trust in Strategic Alliances" in text and "Finding Allies" in text
    for module in content.modules.values():
        if module.number:
            md = " ".join(c.markdown for c in module.cells if isinstance(c, MarkdownCell))
            assert "references.ipynb#" in md, f"{module.id} cites neither source"
