"""The verdict on a run of the trust spiral (:mod:`.spiral`), in a few plain sentences.

Each sentence is a claim that is true of the run it describes: the path and how
trust and communication moved, how shared perspective moved, what the openness
setting did (open sharing is credited only when openness is at least one half),
and the shock, if any. The property tests check every claim against the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .spiral import RECOVERED_EPS, MonthState, SpiralParams, direction, max_communication

__all__ = ["Claim", "describe", "openness_of", "verdict"]


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _change(name: str, before: float, after: float) -> str:
    """``name rose from A% to B%`` (or fell, or stayed), judged on the numbers shown."""
    a, b = round(100 * before), round(100 * after)
    if b > a:
        return f"{name} rose from {a}% to {b}%"
    if b < a:
        return f"{name} fell from {a}% to {b}%"
    return f"{name} stayed at {a}%"


OPEN_ENOUGH = 0.5  # openness (as shown, in whole %) from which partners "shared openly"
MOVED = 5  # percentage points of shared perspective that count as moving, not barely moving


def _perspective_sentence(first: MonthState, last: MonthState) -> str:
    a, b = round(100 * first.shared_perspective), round(100 * last.shared_perspective)
    if b - a >= MOVED:
        return f"Shared perspective rose from {a}% to {b}%: the partners' views moved closer."
    if a - b >= MOVED:
        return f"Perspectives drifted apart: shared perspective fell from {a}% to {b}%."
    if a != b:
        return f"Shared perspective barely moved, from {a}% to {b}%."
    return f"Shared perspective stayed at {a}%."


def openness_of(history: list[MonthState]) -> float:
    """The openness a run was simulated with, read back from month 0.

    Month 0's communication is exactly its target
    ``o (0.6 + 0.4 t) + (1 - o) 0.5 t``, which solves to
    ``o = (c - 0.5 t) / (0.6 - 0.1 t)`` (the divisor is at least 0.5).
    """
    start = history[0]
    raw = (start.communication - 0.5 * start.trust) / (0.6 - 0.1 * start.trust)
    return min(1.0, max(0.0, round(raw, 9)))


@dataclass(frozen=True)
class Claim:
    """One sentence of the verdict and what it speaks about.

    ``topic`` is ``"direction"`` (the path, trust and communication),
    ``"perspective"``, ``"openness"`` or ``"shock"``.
    """

    topic: str
    text: str


def verdict(history: list[MonthState], params: SpiralParams | None = None) -> list[Claim]:
    """The verdict on a run, one claim per sentence, each true of the numbers it cites.

    Percentages are rounded as shown, and verbs follow the rounded numbers
    ("rose", "fell", "stayed"). Openness is taken from ``params`` when given,
    otherwise read back from the run (:func:`openness_of`); the verdict speaks
    of open sharing only when openness, as shown, is at least ``OPEN_ENOUGH``.
    Shared perspective "rose" or "fell" only by ``MOVED`` points or more.
    """
    path = direction(history)
    first, last = history[0], history[-1]
    months = last.month - first.month
    openness = params.clamped().openness if params is not None else openness_of(history)
    claims = [
        Claim(
            "direction",
            f"Over {_months(months)} the alliance is {path}: "
            f"{_change('trust', first.trust, last.trust)} and "
            f"{_change('communication', first.communication, last.communication)}.",
        )
    ]
    claims.append(Claim("perspective", _perspective_sentence(first, last)))
    if round(100 * openness) < round(100 * OPEN_ENOUGH):
        text = (
            f"With openness at only {_pct(openness)}, partners kept much to themselves, "
            f"so communication could never pass {_pct(max_communication(openness))}."
        )
    elif path == "spiralling in":
        text = (
            f"Partners shared openly (openness {_pct(openness)}), which keeps "
            f"communication up even while trust is low."
        )
    else:
        text = (
            f"Partners shared openly (openness {_pct(openness)}), but that alone "
            f"did not turn the spiral."
        )
    claims.append(Claim("openness", text))
    shock = _shock_claim(history)
    if shock is not None:
        claims.append(shock)
    return claims


def _shock_claim(history: list[MonthState]) -> Claim | None:
    shock_index = next((i for i, s in enumerate(history) if s.shocked), None)
    if shock_index is None:
        return None
    shock = history[shock_index]
    before = history[shock_index - 1] if shock_index > 0 else shock
    last = history[-1]
    if shock.trust >= before.trust - RECOVERED_EPS:
        return Claim("shock", f"The shock in month {shock.month} barely dented trust.")
    hit = (
        f"The shock in month {shock.month} cut trust from {_pct(before.trust)} "
        f"to {_pct(shock.trust)}"
    )
    recovered = next(
        (s for s in history[shock_index + 1 :] if s.trust >= before.trust - RECOVERED_EPS), None
    )
    if recovered is not None:
        took = recovered.month - shock.month
        return Claim("shock", f"{hit}; trust was rebuilt to that level within {_months(took)}.")
    if last.trust > shock.trust + RECOVERED_EPS:
        return Claim("shock", f"{hit}; trust is climbing back but has not yet regained that level.")
    reasons = []
    if round(100 * last.shared_perspective) < round(100 * shock.shared_perspective):
        reasons.append("perspectives diverging")
    if last.communication < 0.5:
        reasons.append("communication poor")
    if reasons:
        return Claim("shock", f"{hit}, and with {' and '.join(reasons)} it never recovered.")
    return Claim("shock", f"{hit}, and it never recovered.")


def describe(history: list[MonthState], params: SpiralParams | None = None) -> str:
    """The verdict in plain English for a manager: which path, what moved, and why.

    Every sentence is a :class:`Claim` of :func:`verdict`, true of the run.
    """
    return " ".join(claim.text for claim in verdict(history, params))
