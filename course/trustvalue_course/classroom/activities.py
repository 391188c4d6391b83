"""The kinds of activity a live room answers, as pure functions over plain data.

``rooms`` stores what phones send; this module says, for each kind, what a
question holds, what a phone may see of it, which answers are valid, how they
are kept (one text per phone and question), and what the trainer's screen shows
of the room's answers:

- ``choice``: one of the categories (the statement sorter's question);
- ``score``: a rubric level 0-4 of a case criterion, with the levels' descriptions;
- ``quiz``: a lettered option, timed; the first answer counts, faster scores more;
- ``profile``: a level 0-4 for each of several items (an alliance of one's own);
- ``text``: a short answer, shown on the trainer's screen as a word cloud and a list;
- ``rank``: an order of several items.

Everything a phone sends is checked here and kept as text: an id, a JSON list of
numbers or ids, or a short plain text. Nothing here touches the database.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import Counter
from typing import Any

KINDS = ("choice", "score", "quiz", "profile", "text", "rank")
CHOICE_KINDS = ("choice", "score", "quiz")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TEXT_MAX = 140  # a short answer: a phrase or a sentence
TEXT_LIMIT = 280  # the most a question may allow
QUIZ_SECONDS = (5, 120)
MAX_ITEMS = 12
SHOWN_ENTRIES = 200  # the newest answers the trainer's list shows
CLOUD_WORDS = 60
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
STOPWORDS = frozenset(
    """a about after all also am an and any are as at be because been before being both but by
    can could did do does doing done for from had has have having he her here him his how i if in
    into is it its itself just me more most my no nor not of off on once only or other our ours out
    over own same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours us get got make made lot lots really much many way thing things""".split()
)


class RoomError(ValueError):
    """An answer or question the room refuses; the message is safe to show to a phone."""


def clean_question(q: dict[str, Any]) -> dict[str, Any]:
    """A question as the room keeps it, whatever its kind."""
    kind = q.get("kind", "choice")
    if kind not in KINDS:
        raise RoomError(f"unknown kind of question: {str(kind)[:20]!r}")
    out: dict[str, Any] = {
        "id": str(q.get("id", ""))[:64],
        "kind": kind,
        "text": str(q["text"])[:600],
    }
    if kind in CHOICE_KINDS:
        choices = []
        for c in q["choices"]:
            if not ID_RE.match(str(c["id"])):
                continue
            choice = {"id": str(c["id"]), "label": str(c["label"])[:120]}
            if kind == "score" and c.get("description"):
                choice["description"] = str(c["description"])[:400]
            choices.append(choice)
        if len(choices) < 2:
            raise RoomError("a question needs at least two choices")
        answer = q.get("answer")
        out.update(choices=choices, answer=str(answer) if answer is not None else None)
        if kind == "quiz":
            low, high = QUIZ_SECONDS
            out["seconds"] = max(low, min(high, int(q.get("seconds", 20))))
    elif kind in ("profile", "rank"):
        items = [
            {"id": str(i["id"]), "label": str(i["label"])[:120]}
            for i in q["items"]
            if ID_RE.match(str(i["id"]))
        ]
        ids = [i["id"] for i in items]
        if not 2 <= len(items) <= MAX_ITEMS or len(set(ids)) != len(ids):
            raise RoomError(f"a question needs 2 to {MAX_ITEMS} items with different ids")
        out["items"] = items
        if kind == "profile":
            levels = [str(name)[:40] for name in q.get("levels", ())]
            if len(levels) != 5:
                raise RoomError("a profile needs five level names, 0 to 4")
            out["levels"] = levels
    else:
        out["max"] = max(10, min(TEXT_LIMIT, int(q.get("max", TEXT_MAX))))
    return out


def public_question(q: dict[str, Any]) -> dict[str, Any]:
    """What a phone may know of a question: never its answer."""
    out: dict[str, Any] = {"kind": q.get("kind", "choice"), "text": q["text"]}
    if out["kind"] in CHOICE_KINDS:
        out["choices"] = [
            {k: c[k] for k in ("id", "label", "description") if k in c} for c in q["choices"]
        ]
    for key in ("items", "levels", "max", "seconds"):
        if key in q:
            out[key] = q[key]
    return out


def clean_answer(q: dict[str, Any], value: Any) -> str:
    """The text kept for a phone's answer ``value``, or :class:`RoomError`."""
    kind = q.get("kind", "choice")
    if kind in CHOICE_KINDS:
        if not isinstance(value, str) or value not in {c["id"] for c in q["choices"]}:
            raise RoomError("not one of the choices")
        return value
    if kind == "profile":
        ids = [i["id"] for i in q["items"]]
        if not isinstance(value, dict) or set(value) != set(ids):
            raise RoomError("score every item, and nothing else")
        scores = [value[i] for i in ids]
        if not all(type(s) is int and 0 <= s <= 4 for s in scores):
            raise RoomError("each score is a whole number from 0 to 4")
        return json.dumps(scores)
    if kind == "rank":
        ids = [i["id"] for i in q["items"]]
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) for v in value)
            or sorted(value) != sorted(ids)
        ):
            raise RoomError("put every item in order, each once")
        return json.dumps(value)
    if not isinstance(value, str):
        raise RoomError("an answer is a short text")
    text = " ".join(
        "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch in "\n\t").split()
    )
    if not text:
        raise RoomError("write a few words first")
    if len(text) > q["max"]:
        raise RoomError(f"keep it to {q['max']} characters")
    return text


def decode_answer(q: dict[str, Any], stored: str | None) -> Any:
    """A kept answer as the phone sent it (for the phone's own view)."""
    if stored is None:
        return None
    kind = q.get("kind", "choice")
    if kind == "profile":
        return dict(zip([i["id"] for i in q["items"]], json.loads(stored), strict=True))
    if kind == "rank":
        return json.loads(stored)
    return stored


def summarise(
    q: dict[str, Any], rows: list[tuple[int, str]], hidden: set[int] | frozenset[int] = frozenset()
) -> dict[str, Any]:
    """What the trainer's screen shows of ``rows`` (entry id, kept answer) for question ``q``."""
    kind = q.get("kind", "choice")
    out: dict[str, Any] = {"kind": kind, "total": len(rows)}
    if kind in CHOICE_KINDS:
        counts = {c["id"]: 0 for c in q["choices"]}
        for _entry, value in rows:
            if value in counts:
                counts[value] += 1
        out["counts"] = counts
        if kind == "score" and rows:
            levels = sorted(int(v) for _e, v in rows if v.isdigit())
            out["spread"] = {"low": levels[0], "high": levels[-1], "median": _median(levels)}
    elif kind == "profile":
        columns = list(zip(*(json.loads(v) for _e, v in rows), strict=True)) if rows else []
        out["items"] = [
            {
                "id": item["id"],
                "label": item["label"],
                **_stats(list(columns[n]) if columns else []),
            }
            for n, item in enumerate(q["items"])
        ]
    elif kind == "rank":
        out["items"] = rank_order(q["items"], [json.loads(v) for _e, v in rows])
    else:
        visible = [(e, v) for e, v in rows if e not in hidden]
        out["entries"] = [
            {"entry": e, "text": v, "hidden": e in hidden}
            for e, v in reversed(rows[-SHOWN_ENTRIES:])
        ]
        out["words"] = cloud_words(v for _e, v in visible)
        out["shown"] = len(visible)
    return out


def rank_order(items: list[dict[str, str]], orders: list[list[str]]) -> list[dict[str, Any]]:
    """The room's ranking by Borda count: an item earns (n - 1 - position) points per phone."""
    n = len(items)
    points = {i["id"]: 0 for i in items}
    firsts = dict.fromkeys(points, 0)
    for order in orders:
        for pos, item in enumerate(order):
            points[item] += n - 1 - pos
        firsts[order[0]] += 1
    ranked = [
        {
            "id": i["id"],
            "label": i["label"],
            "points": points[i["id"]],
            "mean_rank": round(n - points[i["id"]] / len(orders), 2) if orders else None,
            "first": firsts[i["id"]],
        }
        for i in items
    ]
    ranked.sort(key=lambda r: -r["points"])
    return ranked


def cloud_words(texts: Any, limit: int = CLOUD_WORDS) -> list[list[Any]]:
    """The most frequent words of ``texts`` (each counted once per answer), most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS and len(w) > 2}
        counts.update(words)
    return [[w, k] for w, k in sorted(counts.items(), key=lambda wk: (-wk[1], wk[0]))[:limit]]


def _median(values: list[int]) -> float:
    return float(statistics.median(values))


def _stats(values: list[int]) -> dict[str, Any]:
    """Median and spread (quartiles, range) of one item's scores."""
    if not values:
        return {"n": 0, "median": None, "q1": None, "q3": None, "low": None, "high": None}
    values = sorted(values)
    if len(values) == 1:
        q1 = q3 = float(values[0])
    else:
        q1, _q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "n": len(values),
        "median": _median(values),
        "q1": round(q1, 2),
        "q3": round(q3, 2),
        "low": values[0],
        "high": values[-1],
    }


def weakest(items: list[dict[str, Any]], count: int = 2) -> list[dict[str, Any]]:
    """The ``count`` items with the lowest median (then lowest quartile, then item order)."""
    scored = [(n, i) for n, i in enumerate(items) if i.get("median") is not None]
    scored.sort(key=lambda ni: (ni[1]["median"], ni[1]["q1"], ni[0]))
    return [i for _n, i in scored[:count]]


def csv_cells(q: dict[str, Any], stored: str) -> list[tuple[str, str]]:
    """One (item, answer) pair per line of the export for one kept answer."""
    kind = q.get("kind", "choice")
    if kind == "profile":
        return [(i["id"], str(s)) for i, s in zip(q["items"], json.loads(stored), strict=True)]
    if kind == "rank":
        return [(item, str(pos)) for pos, item in enumerate(json.loads(stored), start=1)]
    return [("", stored)]
