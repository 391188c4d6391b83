"""A small model of Kittel's trust spiral: is the alliance spiralling in or out?

Kittel ("Building Trust in Strategic Alliances", section "Which Path are we
Always On?") describes two self-reinforcing paths. Spiralling in: a shared
perspective raises trust, trust opens communication, open communication
deepens the shared perspective, and opportunities surface. Spiralling out:
diverging perspectives make the partner look devious or incompetent, trust
falls, communication dries up and perspectives diverge further. Perspective is
both cause and effect, and impatience (changing strategy before results show)
feeds the downward path.

This module turns that loop into a deterministic monthly model, in pure
Python, for the course's notebooks. Every quantity lies between 0 and 1.

The equations, in plain words (constants are the module-level names below):

* **Start (month 0).** Shared perspective is the chosen starting value. Trust
  starts at ``0.25 + 0.5 x shared perspective`` (aligned partners start out
  trusting each other more). Communication starts at its target (next bullet).
  No value has been created yet.

* **Communication** follows trust and openness. Its target is
  ``openness x (0.6 + 0.4 x trust) + (1 - openness) x 0.5 x trust``: a partner
  who openly shares, starting with the hardest problem, communicates fairly
  well even before trust is high; a closed partner communicates only as much
  as trust allows, and never better than half-way. Each month communication
  moves half-way from where it was towards that target.

* **Value** created in a month is ``trust x communication x (0.6 + 0.4 x
  patience)``, using last month's trust and communication: opportunities are
  realised only when partners both trust each other and talk, and a patient
  alliance lets initiatives mature.

* **One spiral step.** Shared perspective and trust both move with the same
  rule, driven by a "pull" between 0 and 1:
  ``x += x (1 - x) (0.3 x pull - 0.25 x (1 - pull)) + 0.3 x pull x (1 - x) x seed``.
  The first term is the spiral: away from 0 and 1 the quantity rises when the
  pull is above about 0.45 and falls when it is below, and the further it has
  already gone, the more it feeds itself. The second term is a small seed, so
  a good pull can rebuild from nothing. The pull is ``S(driver)``, a smooth
  S-curve ``1 / (1 + exp(-8 (driver - 0.5)))`` that is one half at 0.5.

* **Shared perspective** is driven by communication: good communication
  aligns perspectives; poor communication lets them diverge. Its seed is
  ``0.05 + 0.25 x openness``, because openly sharing perspectives, hardest
  problem first, aligns them directly. Then impatience bites: the shortfall of
  this month's value below an expected 0.5 triggers strategy churn, which
  multiplies the perspective by ``1 - 0.2 x (1 - patience) x shortfall``.

* **Trust** is driven by the new shared perspective (seed 0.05): aligned
  perspectives build trust; divergent ones erode it.

* **Shock.** In ``shock_month`` (if any) an outside event (a missed target, a
  reorganisation) subtracts ``0.5 x shock_size`` from trust and ``0.4 x
  shock_size`` from shared perspective once, never going below 0.

Why it behaves well:

* Every update keeps its quantity in [0, 1] (the step above cannot overshoot
  because ``0.3 x (1 + 0.3) + 0.25 < 1``; churn multiplies by a factor in
  [0, 1]), whatever the inputs: ``SpiralParams.clamped`` first maps any float
  into range (NaN becomes the default).
* Every update is non-decreasing in every state variable and in openness and
  patience (the same inequality makes the step increasing in ``x``). By
  induction, starting more aligned or being more open or more patient never
  leaves trust, communication, shared perspective or any month's value lower:
  more openness never makes the outcome worse.
* Because the sign of each step depends on its pull, the loop has no resting
  point in the middle: it heads either towards high perspective, trust and
  communication (spiralling in) or towards none at all (spiralling out). This
  mirrors Kittel's claim that an alliance is always on one of the two paths,
  never between them.

The verdict on a run, in words, is in :mod:`.spiral_verdict`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

__all__ = [
    "MonthState",
    "SpiralParams",
    "direction",
    "max_communication",
    "simulate",
]

MAX_MONTHS = 120

# Rates and weights of the monthly update (see the module docstring).
CURVE_STEEPNESS = 8.0  # steepness of the S-curve S(x) = 1 / (1 + exp(-8 (x - 0.5)))
GROWTH_RATE = 0.3  # how fast perspective and trust grow when their driver is good
DECAY_RATE = 0.25  # how fast they shrink when their driver is poor
SEED = 0.05  # a little growth is always possible from zero when the driver is good
OPEN_SEED = 0.25  # extra growth of shared perspective per unit of openness
COMMUNICATION_LAG = 0.5  # share of the gap to its target communication closes each month
CHURN_RATE = 0.2  # perspective lost per month to strategy churn at zero patience and value
EXPECTED_VALUE = 0.5  # monthly value below which impatient managers start changing strategy
SHOCK_TRUST = 0.5  # trust lost per unit of shock_size
SHOCK_PERSPECTIVE = 0.4  # shared perspective lost per unit of shock_size
TREND_WINDOW = 6  # months looked back by direction()
TREND_EPS = 0.05  # smaller changes in trust + communication count as "settled"
RECOVERED_EPS = 0.01  # trust within one point of its pre-shock level counts as rebuilt


def _number(value: float) -> float | None:
    """``value`` as a float, or None for NaN and anything that is not a number."""
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return None if math.isnan(x) else x


def _unit(value: float, default: float) -> float:
    """``value`` forced into [0, 1]; NaN (or a non-number) becomes ``default``."""
    x = _number(value)
    return default if x is None else min(1.0, max(0.0, x))


def _whole(value: float, default: int, low: int, high: int) -> int:
    """``value`` rounded and forced into [low, high]; NaN (or a non-number) becomes ``default``."""
    x = _number(value)
    if x is None:
        return default
    if x <= low:
        return low
    if x >= high:
        return high
    return round(x)


def _s_curve(x: float) -> float:
    """Smooth step, one half at 0.5, strictly increasing, always in (0, 1)."""
    return 1.0 / (1.0 + math.exp(-CURVE_STEEPNESS * (x - 0.5)))


def _toward(current: float, pull: float, seed: float = 0.0) -> float:
    """Move ``current`` up when ``pull`` is strong and down when it is weak: one spiral step.

    ``current + current (1 - current) (GROWTH_RATE pull - DECAY_RATE (1 - pull))
    + GROWTH_RATE pull (1 - current) (SEED + seed)``. Away from the ends the sign of the
    change depends only on the pull (up when it exceeds
    ``DECAY_RATE / (GROWTH_RATE + DECAY_RATE)``), so there is no resting point
    in the middle. The result stays in [0, 1] and is non-decreasing in both
    arguments (and in ``seed``, 0..OPEN_SEED) because
    ``GROWTH_RATE (1 + SEED + OPEN_SEED) + DECAY_RATE < 1``.
    """
    momentum = GROWTH_RATE * pull - DECAY_RATE * (1.0 - pull)
    seeded = GROWTH_RATE * pull * (1.0 - current) * (SEED + seed)
    return min(1.0, max(0.0, current + current * (1.0 - current) * momentum + seeded))


@dataclass(frozen=True)
class SpiralParams:
    """The levers of one simulated alliance (all fractions are 0..1)."""

    openness: float = 0.5  # how openly partners share perspective, hardest problem first
    patience: float = 0.5  # tolerance for slow results (low = strategy churn)
    shared_perspective: float = 0.5  # how aligned the partners' perspectives are at the start
    shock_month: int | None = None  # month of an external shock, or None
    shock_size: float = 0.5  # how hard the shock hits trust and shared perspective
    months: int = 36  # length of the simulation, 1..120

    def clamped(self) -> SpiralParams:
        """A copy with every field forced into its range; NaN becomes the field's default.

        ``shock_month`` is kept only if it falls inside the simulated months
        (1..months); a shock before the start or after the end never happens
        in the simulation, so it becomes None.
        """
        defaults = {f.name: f.default for f in fields(SpiralParams)}
        months = _whole(self.months, defaults["months"], 1, MAX_MONTHS)
        shock_month: int | None = None
        if self.shock_month is not None:
            try:
                raw = float(self.shock_month)
            except (TypeError, ValueError, OverflowError):
                raw = math.nan
            if math.isfinite(raw) and 1 <= round(raw) <= months:
                shock_month = round(raw)
        return SpiralParams(
            openness=_unit(self.openness, defaults["openness"]),
            patience=_unit(self.patience, defaults["patience"]),
            shared_perspective=_unit(self.shared_perspective, defaults["shared_perspective"]),
            shock_month=shock_month,
            shock_size=_unit(self.shock_size, defaults["shock_size"]),
            months=months,
        )


@dataclass(frozen=True)
class MonthState:
    """The alliance at the end of one month (month 0 is the start)."""

    month: int
    shared_perspective: float  # 0..1
    trust: float  # 0..1
    communication: float  # 0..1
    value: float  # 0..1, value created that month (opportunities realised)
    cumulative_value: float  # >= 0, sum of value so far
    shocked: bool = False  # True in the month the external shock hit


def _communication_target(trust: float, openness: float) -> float:
    """How well partners communicate given trust and openness (non-decreasing in both)."""
    target = openness * (0.6 + 0.4 * trust) + (1.0 - openness) * 0.5 * trust
    return min(1.0, max(0.0, target))


def simulate(params: SpiralParams) -> list[MonthState]:
    """Run the monthly model; returns ``months + 1`` states, month 0 first.

    Any floats are accepted: the parameters are clamped first.
    """
    p = params.clamped()
    perspective = p.shared_perspective
    trust = 0.25 + 0.5 * perspective
    communication = _communication_target(trust, p.openness)
    cumulative = 0.0
    history = [MonthState(0, perspective, trust, communication, 0.0, 0.0)]
    for month in range(1, p.months + 1):
        # Value this month comes from the trust and communication already in place.
        value = min(1.0, max(0.0, trust * communication * (0.6 + 0.4 * p.patience)))
        # Communication follows trust and openness, with a lag.
        target = _communication_target(trust, p.openness)
        communication = communication + COMMUNICATION_LAG * (target - communication)
        communication = min(1.0, max(0.0, communication))
        # Good communication aligns perspectives; poor communication lets them diverge.
        # Openly sharing perspectives (hardest problem first) aligns them directly too.
        perspective = _toward(perspective, _s_curve(communication), OPEN_SEED * p.openness)
        # Impatience: low results trigger strategy churn, which scatters perspectives.
        shortfall = max(0.0, 1.0 - value / EXPECTED_VALUE)
        perspective *= 1.0 - CHURN_RATE * (1.0 - p.patience) * shortfall
        # Shared perspective builds trust; divergent perspectives erode it.
        trust = _toward(trust, _s_curve(perspective))
        shocked = month == p.shock_month
        if shocked:
            trust = max(0.0, trust - SHOCK_TRUST * p.shock_size)
            perspective = max(0.0, perspective - SHOCK_PERSPECTIVE * p.shock_size)
        cumulative += value
        history.append(
            MonthState(month, perspective, trust, communication, value, cumulative, shocked)
        )
    return history


def _level(state: MonthState) -> float:
    return state.trust + state.communication


def _loop_change(history: list[MonthState], start: int) -> float:
    """Change in trust + communication from ``start`` to the end made by the loop
    itself: the one-off drop in a shock month is left out."""
    return sum(
        _level(history[i]) - _level(history[i - 1])
        for i in range(max(1, start + 1), len(history))
        if not history[i].shocked
    )


def direction(history: list[MonthState]) -> str:
    """``"spiralling in"`` or ``"spiralling out"``: there is no in between.

    The path is where the loop is taking the alliance: the trend of trust +
    communication over the last ``TREND_WINDOW`` months, leaving out the
    one-off drop in a shock month (the shock is not the path; the response to
    it is). If that trend has settled (moved by less than ``TREND_EPS``), the
    loop's movement since month 0 decides; if that too is level, an alliance
    whose trust and communication average at least one half is spiralling in.
    """
    if not history:
        raise ValueError("direction() needs at least one month of history")
    trend = _loop_change(history, len(history) - 1 - TREND_WINDOW)
    if abs(trend) < TREND_EPS:
        trend = _loop_change(history, 0)
    if abs(trend) < TREND_EPS:
        trend = _level(history[-1]) - 1.0
    return "spiralling in" if trend >= 0 else "spiralling out"


def max_communication(openness: float) -> float:
    """The most communication a run with this openness can reach (at full trust)."""
    return _communication_target(1.0, openness)
