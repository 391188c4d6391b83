"""Sorters deal their statements with no pattern: a learner cannot pass by pressing in turn.

The course-wide tests check every sorter activity of the course with their own
simple loops (not the dealing module's helpers); the property tests check the
dealing function on synthetic banks of every shape the course could have.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustvalue_course.content import Content
from trustvalue_course.content.dealing import balanced_pick, deal, pattern_problems, stable_seed
from trustvalue_course.learner_files.store import AnswerStore

FAST = settings(max_examples=150, deadline=None)


def _sorters(content: Content) -> list[tuple[str, str]]:
    return [
        (act.id, act.scheme or "")
        for module in sorted(content.modules.values(), key=lambda m: m.number)
        for act in module.activities
        if act.widget == "sorter"
    ]


def _dealt(content: Content, activity_id: str, scheme: str) -> tuple[list[str], list[str]]:
    """The categories of the activity's deck in page order, and the categories in play."""
    deck = [s.answers[scheme] for s in content.activity_statements(activity_id)]
    in_play = [c for c in content.schemes[scheme].category_ids if c in deck]
    return deck, in_play


def _longest(deck: list[str], step: Callable[[str, str], bool]) -> int:
    best = run = 0
    for i, cat in enumerate(deck):
        run = run + 1 if i and step(deck[i - 1], cat) else 1
        best = max(best, run)
    return best


def _next_in_scheme(in_play: list[str]) -> Callable[[str, str], bool]:
    return lambda a, b: in_play[(in_play.index(a) + 1) % len(in_play)] == b


# ------------------------------------------------------------------ every sorter in the course


def test_the_course_has_sorters_with_many_categories(content: Content) -> None:
    sorters = _sorters(content)
    assert len(sorters) >= 10
    assert max(len(_dealt(content, a, s)[1]) for a, s in sorters) >= 5


def test_no_sorter_deals_three_of_a_category_in_a_row(content: Content) -> None:
    for activity_id, scheme in _sorters(content):
        deck, _ = _dealt(content, activity_id, scheme)
        assert _longest(deck, lambda a, b: a == b) <= 2, (activity_id, deck)


def test_no_sorter_deals_the_categories_in_scheme_order(content: Content) -> None:
    """Pressing the category numbers in turn (1-2-3 ..., or 1-2-1-2) never runs far."""
    for activity_id, scheme in _sorters(content):
        deck, in_play = _dealt(content, activity_id, scheme)
        longest = _longest(deck, _next_in_scheme(in_play))
        # Three categories or more: never three statements in the scheme's order.
        # Two: any change "follows the order", so never four in strict alternation.
        assert longest <= (3 if len(in_play) == 2 else 2), (activity_id, deck)
        # Nor does pressing 1, 2, 3 ... in turn from the first statement score well.
        in_turn = [in_play[i % len(in_play)] for i in range(len(deck))]
        hits = sum(a == b for a, b in zip(deck, in_turn, strict=True))
        assert hits <= len(deck) // 2 + 1, (activity_id, deck)


def test_every_sorter_is_balanced_across_the_categories_in_play(content: Content) -> None:
    for activity_id, scheme in _sorters(content):
        deck, in_play = _dealt(content, activity_id, scheme)
        counts = Counter(deck)
        assert len(in_play) >= 2, activity_id
        assert max(counts.values()) - min(counts.values()) <= 1, (activity_id, counts)


def test_no_sorter_deck_repeats_its_own_pattern(content: Content) -> None:
    for activity_id, scheme in _sorters(content):
        deck, _ = _dealt(content, activity_id, scheme)
        half = len(deck) // 2
        assert deck[:half] != deck[half : 2 * half], (activity_id, deck)


def test_the_deal_is_the_same_in_every_process(content: Content, tmp_path: Path) -> None:
    """Same deck for a trainer and a class: no dependence on Python's salted hash()."""
    code = (
        "import json; from trustvalue_course.content import load_content; c = load_content(); "
        "print(json.dumps({a.id: [s.id for s in c.activity_statements(a.id)] "
        "for m in c.modules.values() for a in m.activities if a.widget == 'sorter'}))"
    )
    decks = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        decks.append(json.loads(out.stdout))
    here = {a: [s.id for s in content.activity_statements(a)] for a, _ in _sorters(content)}
    assert decks[0] == decks[1] == here


def test_saved_placements_survive_a_change_of_order(content: Content, tmp_path: Path) -> None:
    """Answers saved when the deck was dealt in scheme order come back on the same statements."""
    from trustvalue_widgets import StatementSorter

    activity_id, scheme = "m02-sort-contrast", "contrast"
    dealt = content.activity_statements(activity_id)
    old_order = sorted(
        dealt, key=lambda s: content.schemes[scheme].category_ids.index(s.answers[scheme])
    )
    assert [s.id for s in old_order] != [s.id for s in dealt]
    wrong = {s.id: "pie" if s.answers[scheme] != "pie" else "time" for s in old_order[:3]}
    right = {s.id: s.answers[scheme] for s in old_order[3:7]}
    store = AnswerStore(tmp_path / "saved-answers")
    store.save(activity_id, {"placements": {**wrong, **right}, "revealed": False})

    sorter = StatementSorter.for_activity(activity_id, content=content, store=store)
    assert [item["id"] for item in sorter._items] == [s.id for s in dealt]
    assert sorter.placements == {**wrong, **right}
    assert sorter.score["correct"] == 4 and sorter.score["placed"] == 7
    for sid in wrong:
        assert sorter._feedback[sid]["correct"] is False


# ------------------------------------------------------------------ the dealing function


@st.composite
def banks(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[str], str]:
    """A balanced deck: 2-8 categories, each with k or k+1 statements, and a seed."""
    n = draw(st.integers(min_value=2, max_value=8))
    categories = [f"c{i}" for i in range(n)]
    k = draw(st.integers(min_value=1, max_value=max(1, 30 // n)))
    extra = draw(st.sets(st.sampled_from(categories), max_size=n - 1))
    items = [
        (f"{cat}-s{j}", cat) for cat in categories for j in range(k + (1 if cat in extra else 0))
    ]
    items = draw(st.permutations(items))
    seed = draw(st.text(min_size=1, max_size=20))
    return items, categories, seed


def _cat(item: tuple[str, str]) -> str:
    return item[1]


@FAST
@given(banks())
def test_deal_is_a_patternless_permutation(bank: tuple[list, list[str], str]) -> None:
    items, categories, seed = bank
    dealt = deal(items, _cat, categories, seed)
    assert sorted(dealt) == sorted(items)
    deck = [_cat(it) for it in dealt]
    assert pattern_problems(deck, categories) == []
    assert _longest(deck, lambda a, b: a == b) <= 2
    limit = 3 if len(categories) == 2 else 2
    assert _longest(deck, _next_in_scheme(categories)) <= limit


@FAST
@given(banks())
def test_deal_depends_only_on_the_seed(bank: tuple[list, list[str], str]) -> None:
    items, categories, seed = bank
    first = deal(items, _cat, categories, seed)
    assert deal(list(items), _cat, categories, seed) == first


@FAST
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=8),
    st.integers(min_value=1, max_value=60),
)
def test_balanced_pick_evens_out_the_categories(sizes: list[int], count: int) -> None:
    categories = [f"c{i}" for i in range(len(sizes))]
    items = [
        (f"{c}-{j}", c) for c, size in zip(categories, sizes, strict=True) for j in range(size)
    ]
    picked = balanced_pick(items, _cat, categories, count)
    assert len(picked) == min(count, len(items))
    counts = Counter(_cat(it) for it in picked)
    for cat, size in zip(categories, sizes, strict=True):
        # A category falls short of the others only when it has run out of statements.
        if counts[cat] < max(counts.values(), default=0) - 1:
            assert counts[cat] == size


def test_the_seed_is_a_stable_hash() -> None:
    assert stable_seed("m02-sort-contrast") == stable_seed("m02-sort-contrast")
    assert stable_seed("m02-sort-contrast") != stable_seed("m03-sort-practice")
    # SHA-256 of the text: a fixed number on every machine and Python version.
    assert stable_seed("abc") == 0xBA7816BF8F01CFEA


def test_different_activities_get_different_orders() -> None:
    items = [(f"{c}-{j}", c) for c in ("a", "b", "c", "d", "e") for j in range(2)]
    orders = {tuple(deal(items, _cat, list("abcde"), f"act-{i}")) for i in range(10)}
    assert len(orders) >= 8


def test_items_outside_the_scheme_are_refused() -> None:
    with pytest.raises(ValueError, match="outside the scheme"):
        deal([("x", "zz")], _cat, ["a", "b"], "seed")
