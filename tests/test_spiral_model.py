"""The trust-spiral model: bounded, monotone, deterministic, and on one of two paths."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from trustvalue_course.spiral import (
    MAX_MONTHS,
    MonthState,
    SpiralParams,
    describe,
    direction,
    simulate,
)

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


# 6. describe -----------------------------------------------------------------------------


@FAST
@given(sane_params(), st.integers(min_value=1, max_value=MAX_MONTHS))
def test_describe_mentions_the_shock_month(params: SpiralParams, month: int) -> None:
    params = replace(params, shock_month=month, months=MAX_MONTHS)
    text = describe(simulate(params))
    assert f"month {month}" in text
    assert 1 <= text.count(". ") + 1 <= 2


def test_describe_examples() -> None:
    text = describe(simulate(OPEN))
    assert "spiralling in" in text
    assert "The shock in month 12 cut trust" in text
    assert "rebuilt it within" in text
    closed = describe(simulate(CLOSED))
    assert "spiralling out" in closed
    assert "month 12" in closed
    calm = describe(simulate(SpiralParams(openness=0.9, patience=0.9)))
    assert "spiralling in" in calm
    assert "shock" not in calm
