"""The trust-spiral model: bounded, monotone, deterministic, and on one of two paths."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from trustvalue_course.learning.spiral import (
    MAX_MONTHS,
    MonthState,
    SpiralParams,
    direction,
    simulate,
)
from trustvalue_course.learning.spiral_verdict import describe, openness_of, verdict

TOL = 1e-9
FAST = settings(max_examples=100, deadline=None)

any_float = st.floats(allow_nan=True, allow_infinity=True)
unit = st.floats(min_value=0.0, max_value=1.0)
shock_months = st.none() | st.integers(min_value=-1000, max_value=1000)


@st.composite
def wild_params(draw: st.DrawFn) -> SpiralParams:
    """Anything at all: NaN, infinities, negatives, huge numbers, odd months."""
    return SpiralParams(
        openness=draw(any_float),
        patience=draw(any_float),
        shared_perspective=draw(any_float),
        shock_month=draw(shock_months),
        shock_size=draw(any_float),
        months=draw(st.integers(min_value=-50, max_value=500) | st.just(36)),
    )


@st.composite
def sane_params(draw: st.DrawFn) -> SpiralParams:
    months = draw(st.integers(min_value=1, max_value=MAX_MONTHS))
    return SpiralParams(
        openness=draw(unit),
        patience=draw(unit),
        shared_perspective=draw(unit),
        shock_month=draw(st.none() | st.integers(min_value=-3, max_value=months + 3)),
        shock_size=draw(unit),
        months=months,
    )


def _final(params: SpiralParams) -> MonthState:
    return simulate(params)[-1]


# 1. Bounds -------------------------------------------------------------------------------


@FAST
@given(wild_params())
def test_every_state_stays_in_bounds_for_any_input(params: SpiralParams) -> None:
    clamped = params.clamped()
    assert 1 <= clamped.months <= MAX_MONTHS
    for name in ("openness", "patience", "shared_perspective", "shock_size"):
        assert 0.0 <= getattr(clamped, name) <= 1.0
    history = simulate(params)
    assert len(history) == clamped.months + 1
    assert [s.month for s in history] == list(range(clamped.months + 1))
    previous = 0.0
    for s in history:
        for x in (s.shared_perspective, s.trust, s.communication, s.value):
            assert 0.0 <= x <= 1.0
        assert math.isfinite(s.cumulative_value)
        assert s.cumulative_value >= previous
        previous = s.cumulative_value
    assert direction(history) in {"spiralling in", "spiralling out"}
    assert describe(history)


def test_clamped_maps_nan_to_defaults_and_extremes_to_limits() -> None:
    nan = float("nan")
    assert SpiralParams(nan, nan, nan, None, nan, 36).clamped() == SpiralParams()
    wild = SpiralParams(-3.0, math.inf, 7.0, 999, -math.inf, 10_000).clamped()
    assert wild == SpiralParams(0.0, 1.0, 1.0, None, 0.0, MAX_MONTHS)
    assert SpiralParams(months=0, shock_month=0).clamped() == SpiralParams(months=1)
    assert SpiralParams(shock_month=12).clamped().shock_month == 12


# 2. Monotonicity -------------------------------------------------------------------------


def _never_worse(low: SpiralParams, high: SpiralParams) -> None:
    a, b = _final(low), _final(high)
    assert b.trust >= a.trust - TOL
    assert b.cumulative_value >= a.cumulative_value - TOL


@FAST
@given(sane_params(), unit, unit)
def test_more_openness_never_makes_the_outcome_worse(
    params: SpiralParams, x: float, y: float
) -> None:
    lo, hi = sorted((x, y))
    _never_worse(
        replace(params, openness=lo),
        replace(params, openness=hi),
    )


@FAST
@given(sane_params(), unit, unit)
def test_more_patience_never_makes_the_outcome_worse(
    params: SpiralParams, x: float, y: float
) -> None:
    lo, hi = sorted((x, y))
    _never_worse(
        replace(params, patience=lo),
        replace(params, patience=hi),
    )


@FAST
@given(sane_params(), unit, unit)
def test_more_shared_perspective_at_the_start_never_makes_the_outcome_worse(
    params: SpiralParams, x: float, y: float
) -> None:
    lo, hi = sorted((x, y))
    _never_worse(
        replace(params, shared_perspective=lo),
        replace(params, shared_perspective=hi),
    )


# 3-4. The two paths ----------------------------------------------------------------------

CLOSED = SpiralParams(
    openness=0.0, patience=0.1, shared_perspective=0.1, shock_month=12, shock_size=0.5
)
OPEN = SpiralParams(
    openness=0.9, patience=0.9, shared_perspective=0.7, shock_month=12, shock_size=0.5
)


def test_no_sharing_and_a_shock_spirals_out() -> None:
    history = simulate(CLOSED)
    assert direction(history) == "spiralling out"
    assert history[-1].trust < history[0].trust


@FAST
@given(shock_size=unit, shock_month=st.integers(min_value=1, max_value=36))
def test_closed_impatient_alliances_always_spiral_out(shock_size: float, shock_month: int) -> None:
    params = SpiralParams(
        openness=0.0,
        patience=0.1,
        shared_perspective=0.1,
        shock_month=shock_month,
        shock_size=shock_size,
    )
    history = simulate(params)
    assert direction(history) == "spiralling out"
    assert history[-1].trust < history[0].trust


def test_open_patient_alliance_recovers_from_a_shock_and_spirals_in() -> None:
    history = simulate(OPEN)
    assert direction(history) == "spiralling in"
    just_after_shock = history[12]
    assert just_after_shock.shocked
    assert just_after_shock.trust < history[11].trust
    assert history[-1].trust > just_after_shock.trust
    assert history[-1].cumulative_value > simulate(CLOSED)[-1].cumulative_value


def test_without_openness_a_good_start_still_spirals_out_and_openness_rescues_a_bad_start() -> None:
    aligned_but_closed = simulate(SpiralParams(openness=0.0, shared_perspective=0.9))
    assert direction(aligned_but_closed) == "spiralling out"
    misaligned_but_open = simulate(SpiralParams(openness=1.0, shared_perspective=0.1))
    assert direction(misaligned_but_open) == "spiralling in"


def test_impatience_alone_can_tip_an_alliance_out() -> None:
    base = {"openness": 0.5, "shared_perspective": 0.5}
    assert direction(simulate(SpiralParams(patience=0.9, **base))) == "spiralling in"
    assert direction(simulate(SpiralParams(patience=0.1, **base))) == "spiralling out"


# 5. Determinism --------------------------------------------------------------------------


@FAST
@given(wild_params())
def test_identical_params_give_identical_histories(params: SpiralParams) -> None:
    params = replace(params, shock_month=None)
    assert simulate(params) == simulate(params)


# 6. describe: every sentence of the verdict is true of the run -------------------------

PCT = re.compile(r"(\d+)%")


def _pcts(text: str) -> list[int]:
    return [int(x) for x in PCT.findall(text)]


def _shown(x: float) -> int:
    return round(100 * x)


def _claims(history: list[MonthState], params: SpiralParams) -> dict[str, str]:
    claims = verdict(history, params)
    assert describe(history, params) == " ".join(c.text for c in claims)
    assert [c.topic for c in claims][:3] == ["direction", "perspective", "openness"]
    return {c.topic: c.text for c in claims}


def _verb(before: float, after: float) -> str:
    a, b = _shown(before), _shown(after)
    return "rose" if b > a else "fell" if b < a else "stayed"


@FAST
@given(sane_params())
def test_the_direction_claim_matches_the_run(params: SpiralParams) -> None:
    history = simulate(params)
    first, last = history[0], history[-1]
    text = _claims(history, params)["direction"]
    assert f"the alliance is {direction(history)}:" in text
    assert f"Over {_months_text(last.month)}" in text
    trust, communication = text.split(": ", 1)[1].split(" and communication ")
    assert trust.startswith(f"trust {_verb(first.trust, last.trust)}")
    assert communication.startswith(_verb(first.communication, last.communication))
    assert _pcts(trust) in ([_shown(first.trust), _shown(last.trust)], [_shown(last.trust)])
    shown = [_shown(first.communication), _shown(last.communication)]
    assert _pcts(communication) in (shown, shown[1:])


def _months_text(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


@FAST
@given(sane_params())
def test_the_perspective_claim_matches_the_run(params: SpiralParams) -> None:
    history = simulate(params)
    a, b = _shown(history[0].shared_perspective), _shown(history[-1].shared_perspective)
    text = _claims(history, params)["perspective"]
    assert _pcts(text) == ([a, b] if a != b else [a])
    assert ("drifted apart" in text or "fell" in text) == (b <= a - 5)
    assert ("moved closer" in text or "rose" in text) == (b >= a + 5)
    assert ("barely moved" in text) == (0 < abs(b - a) < 5)
    assert ("stayed" in text) == (a == b)


OPEN_WORDS = ("openly", "open communication", "open sharing")


@FAST
@given(sane_params())
def test_the_openness_claim_matches_the_settings(params: SpiralParams) -> None:
    history = simulate(params)
    shown = _shown(params.openness)
    text = _claims(history, params)["openness"]
    assert _pcts(text)[0] == shown
    praises = any(word in describe(history, params) for word in OPEN_WORDS)
    assert praises == (shown >= 50), text
    if shown < 50:
        assert "kept much to themselves" in text
        cap = _pcts(text)[1]
        # "communication could never pass N%": true in every month of the run.
        assert all(_shown(s.communication) <= cap for s in history)
    elif direction(history) == "spiralling out":
        assert "did not turn the spiral" in text


@FAST
@given(sane_params(), st.integers(min_value=1, max_value=MAX_MONTHS))
def test_the_shock_claim_matches_the_run(params: SpiralParams, month: int) -> None:
    params = replace(params, shock_month=month, months=MAX_MONTHS)
    history = simulate(params)
    text = _claims(history, params)["shock"]
    assert text.startswith(f"The shock in month {month} ")
    shock, before, last = history[month], history[month - 1], history[-1]
    after = history[month + 1 :]
    if "barely dented" in text:
        assert shock.trust >= before.trust - 0.01
        return
    assert _pcts(text)[:2] == [_shown(before.trust), _shown(shock.trust)]
    if "rebuilt" in text:
        match = re.search(r"within (\d+) month", text)
        assert match is not None, text
        took = int(match.group(1))
        back = next(s for s in after if s.trust >= before.trust - 0.01)
        assert back.month - month == took
    else:
        assert all(s.trust < before.trust - 0.01 for s in after)
        assert ("climbing back" in text) == (last.trust > shock.trust + 0.01)
        if "perspectives diverging" in text:
            assert _shown(last.shared_perspective) < _shown(shock.shared_perspective)
        if "communication poor" in text:
            assert last.communication < 0.5


@FAST
@given(sane_params(), st.integers(min_value=0, max_value=100))
def test_the_verdict_reads_openness_back_from_the_run(params: SpiralParams, pct: int) -> None:
    """The widget may pass only the run: the verdict is the same as with the settings."""
    params = replace(params, openness=pct / 100)
    history = simulate(params)
    assert abs(openness_of(history) - params.openness) < 1e-9
    assert describe(history) == describe(history, params)


@FAST
@given(sane_params())
def test_the_verdict_is_short(params: SpiralParams) -> None:
    text = describe(simulate(params), params)
    assert 3 <= text.count(". ") + 1 <= 4
    assert len(text.split()) <= 90


def test_no_openness_never_praises_open_communication() -> None:
    for start in (0.1, 0.5, 0.9):
        for patience in (0.0, 0.5, 1.0):
            params = SpiralParams(openness=0.0, patience=patience, shared_perspective=start)
            text = describe(simulate(params))
            assert not any(word in text for word in OPEN_WORDS), text
            assert "openness at only 0%" in text and "never pass 50%" in text


def test_perspective_rising_from_ten_to_twenty_percent_is_not_drifting_apart() -> None:
    found = 0
    for openness in range(0, 101, 5):
        for patience in range(0, 101, 10):
            params = SpiralParams(
                openness=openness / 100, patience=patience / 100, shared_perspective=0.1
            )
            history = simulate(params)
            if _shown(history[-1].shared_perspective) >= 20:
                found += 1
                text = describe(history)
                assert "drifted apart" not in text and "diverg" not in text, text
                assert "Shared perspective rose from 10% to" in text
    assert found > 10


def test_describe_examples() -> None:
    text = describe(simulate(OPEN))
    assert "spiralling in" in text
    assert "The shock in month 12 cut trust" in text
    assert "rebuilt to that level within" in text
    assert "Partners shared openly (openness 90%)" in text
    closed = describe(simulate(CLOSED))
    assert "spiralling out" in closed
    assert "month 12" in closed
    assert "openness at only 0%" in closed
    calm = describe(simulate(SpiralParams(openness=0.9, patience=0.9)))
    assert "spiralling in" in calm
    assert "shock" not in calm
