"""Dealing a sorter's statements: balanced across categories, in an order with no pattern.

A sorter that shows its statements one category at a time, in the scheme's
order, gives its answers away (1-2-3-4-5, 1-2-3-4-5, or simply 1-2-1-2).
:func:`deal` orders a chosen set of statements so that a learner cannot pass
by pattern:

* no more than :data:`MAX_RUN` consecutive statements share a category;
* no :data:`MAX_SCHEME_RUN` + 1 consecutive statements follow the scheme's
  order (each category the next one in the scheme, the last followed by the
  first again), so pressing the category numbers in turn never pays off;
  with only two categories in play, where any change of category "follows the
  order", strict alternation of four or more (1-2-1-2) is what is ruled out;
* the sequence of categories does not simply repeat itself (no period shorter
  than half the deck).

The order is a shuffle drawn from a seed that is a stable hash (SHA-256) of a
text such as the activity id: the same for every learner, every machine and
every Python version, so a trainer and a class see the same deck. Only
``random.Random.random()`` is used, the one part of :mod:`random` whose
output Python guarantees for a given seed across versions.

The functions are pure and know nothing of content files: ``category_of``
maps an item to its category, ``categories`` gives the scheme's order of the
categories in play.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TypeVar

__all__ = [
    "MAX_RUN",
    "MAX_SCHEME_RUN",
    "balanced_pick",
    "deal",
    "longest_run",
    "longest_scheme_run",
    "pattern_problems",
    "stable_seed",
]

T = TypeVar("T")

MAX_RUN = 2  # at most this many consecutive statements of one category
MAX_SCHEME_RUN = 2  # at most this many consecutive statements in the scheme's order
MAX_ALTERNATION = 3  # with two categories in play: at most A-B-A, never A-B-A-B
_SEARCH_LIMIT = 20_000  # steps of the ordering search before it settles for its best


def stable_seed(text: str) -> int:
    """A seed from ``text`` that is the same everywhere (unlike the built-in ``hash``)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _follows(categories: Sequence[str], a: str, b: str) -> bool:
    """True when ``b`` comes right after ``a`` in the scheme's order (cyclically)."""
    i = categories.index(a)
    return categories[(i + 1) % len(categories)] == b


def longest_run(sequence: Sequence[str]) -> int:
    """The most consecutive entries of ``sequence`` that are equal."""
    best = run = 0
    for i, cat in enumerate(sequence):
        run = run + 1 if i and sequence[i - 1] == cat else 1
        best = max(best, run)
    return best


def longest_scheme_run(sequence: Sequence[str], categories: Sequence[str]) -> int:
    """The most consecutive entries in which each category follows the previous one in
    the scheme's order (the last category followed by the first counts as in order)."""
    best = run = 0
    for i, cat in enumerate(sequence):
        run = run + 1 if i and _follows(categories, sequence[i - 1], cat) else 1
        best = max(best, run)
    return best


def _scheme_limit(categories: Sequence[str]) -> int:
    return MAX_ALTERNATION if len(categories) == 2 else MAX_SCHEME_RUN


def _periodic(sequence: Sequence[str]) -> bool:
    """True when the sequence repeats itself with a period of at most half its length."""
    n = len(sequence)
    return n >= 4 and any(
        all(sequence[i] == sequence[i + p] for i in range(n - p)) for p in range(1, n // 2 + 1)
    )


def pattern_problems(sequence: Sequence[str], categories: Sequence[str]) -> list[str]:
    """What gives the answers away in this order of categories (empty when nothing does).

    ``categories`` lists the categories in play in the scheme's order.
    """
    problems = []
    if longest_run(sequence) > MAX_RUN:
        problems.append(f"{longest_run(sequence)} statements of one category in a row")
    limit = _scheme_limit(categories)
    if len(categories) > 1 and longest_scheme_run(sequence, categories) > limit:
        problems.append(
            f"{longest_scheme_run(sequence, categories)} statements in a row follow the "
            "scheme's order"
        )
    if len(set(sequence)) > 1 and _periodic(sequence):
        problems.append("the order of categories repeats itself")
    return problems


def balanced_pick(
    items: Sequence[T], category_of: Callable[[T], str], categories: Sequence[str], count: int
) -> list[T]:
    """Up to ``count`` items, categories taking turns (each its next item in the given
    order), so that the counts per category differ by at most one while items last."""
    queues = {c: [it for it in items if category_of(it) == c] for c in categories}
    picked: list[T] = []
    limit = min(count, sum(len(q) for q in queues.values()))
    while len(picked) < limit:
        for cat in categories:
            if queues[cat] and len(picked) < limit:
                picked.append(queues[cat].pop(0))
    return picked


def _order(counts: Counter[str], categories: Sequence[str], rng: random.Random) -> list[str]:
    """A sequence of categories with these counts and no pattern, found by a seeded,
    depth-first search; the first acceptable sequence in the seeded order is taken."""
    total = sum(counts.values())
    limit = _scheme_limit(categories)
    best: list[str] = []
    steps = 0

    def ok(seq: list[str], cat: str) -> bool:
        if len(seq) >= MAX_RUN and all(c == cat for c in seq[-MAX_RUN:]):
            return False
        if len(categories) > 1 and len(seq) >= limit:
            window = [*seq[-limit:], cat]
            if all(_follows(categories, a, b) for a, b in pairwise(window)):
                return False
        return True

    def feasible(left: Counter[str]) -> bool:
        # The largest remaining category needs the others to break it into runs.
        most = max(left.values(), default=0)
        return most <= MAX_RUN * (sum(left.values()) - most + 1)

    def search(seq: list[str], left: Counter[str]) -> list[str] | None:
        nonlocal best, steps
        steps += 1
        if len(seq) > len(best):
            best = list(seq)
        if len(seq) == total:
            return None if _periodic(seq) and len(set(seq)) > 1 else list(seq)
        if steps > _SEARCH_LIMIT:
            return None
        choices = [c for c in categories if left[c]]
        weights = [left[c] * rng.random() for c in choices]  # more remaining, earlier tried
        for _w, cat in sorted(zip(weights, choices, strict=True), reverse=True):
            if not ok(seq, cat):
                continue
            left[cat] -= 1
            if feasible(left):
                found = search([*seq, cat], left)
                if found is not None:
                    return found
            left[cat] += 1
        return None

    found = search([], Counter(counts))
    if found is not None:
        return found
    # No order without a pattern exists (or none was found in time): the best partial
    # order, then the rest in a seeded shuffle.
    rest = Counter(counts)
    rest.subtract(Counter(best))
    tail = [c for c in categories for _ in range(rest[c])]
    tail.sort(key=lambda _c: rng.random())
    return [*best, *tail]


def deal(
    items: Sequence[T], category_of: Callable[[T], str], categories: Sequence[str], seed: str
) -> list[T]:
    """``items`` in a seeded order with no pattern of categories (see the module docstring).

    ``categories`` is the scheme's order of categories; only those in play (with
    at least one item) count for the order rules. The same ``seed`` text always
    gives the same order.
    """
    unknown = {category_of(it) for it in items} - set(categories)
    if unknown:
        raise ValueError(f"items in categories outside the scheme: {', '.join(sorted(unknown))}")
    rng = random.Random(stable_seed(seed))
    in_play = [c for c in categories if any(category_of(it) == c for it in items)]
    counts = Counter(category_of(it) for it in items)
    sequence = _order(counts, in_play, rng)
    queues: dict[str, list[T]] = {}
    for cat in in_play:
        queue = [it for it in items if category_of(it) == cat]
        queue.sort(key=lambda _it: rng.random())
        queues[cat] = queue
    return [queues[cat].pop() for cat in sequence]
