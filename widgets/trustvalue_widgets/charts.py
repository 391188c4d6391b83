"""Charts for the widgets, built with altair and rendered to SVG by vl-convert.

Rendering on the kernel side keeps the course offline (no JavaScript from a
CDN, nothing to bundle per chart) and gives the same bytes for the screen and
for the learner's download. altair is imported only when a chart is drawn:
notebooks with sorters alone do not pay for it.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trustvalue_course.scoring import Comparison
    from trustvalue_course.spiral import MonthState

# Colour-blind-safe pair (Okabe-Ito), always paired with a different shape or dash.
LEARNER_COLOUR = "#0072B2"
REFERENCE_COLOUR = "#D55E00"
FONT = "DejaVu Sans, Verdana, sans-serif"


def _config(chart: Any, big: bool) -> Any:
    size = 16 if big else 12
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=size, titleFontSize=size, labelLimit=320)
        .configure_legend(labelFontSize=size, titleFontSize=size, orient="top", labelLimit=0)
        .configure_title(fontSize=size + 3, anchor="start")
        .configure_view(stroke=None)
    )


def profile_chart(comparison: Comparison, title: str, big: bool = False) -> Any:
    """A dot plot of the learner's scores against the reference's, one row per criterion."""
    import altair as alt

    order = [row.name for row in comparison.rows]
    points: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for row in comparison.rows:
        lens = "Elements (structure)" if row.lens == "elements" else "Contrasts (spirit)"
        if row.learner is not None:
            points.append({"criterion": row.name, "score": row.learner, "who": "You", "lens": lens})
        if row.reference is not None:
            points.append(
                {"criterion": row.name, "score": row.reference, "who": "Reference", "lens": lens}
            )
        if row.learner is not None and row.reference is not None:
            low, high = sorted((row.learner, row.reference))
            links.append({"criterion": row.name, "low": low, "high": high})
    who = sorted({p["who"] for p in points}, reverse=True) or ["You"]
    colours = [LEARNER_COLOUR if w == "You" else REFERENCE_COLOUR for w in who]
    y = alt.Y("criterion:N", sort=order, title=None)
    x_scale = alt.Scale(domain=[-0.3, 4.3], nice=False, zero=False)
    rule = (
        alt.Chart(alt.Data(values=links))
        .mark_rule(color="#777777", strokeWidth=2)
        .encode(y=y, x=alt.X("low:Q", scale=x_scale), x2="high:Q")
    )
    colour = alt.Color("who:N", scale=alt.Scale(domain=who, range=colours), title=None)
    shape = alt.Shape(
        "who:N", scale=alt.Scale(domain=who, range=["circle", "diamond"][: len(who)]), title=None
    )
    x = alt.X(
        "score:Q",
        scale=x_scale,
        title="Score (0 = absent or Fear & Me, 4 = strong)",
        axis=alt.Axis(values=[0, 1, 2, 3, 4], format="d"),
    )
    base = alt.Chart(alt.Data(values=points)).encode(
        y=y, x=x, color=colour, shape=shape, tooltip=["criterion:N", "who:N", "score:Q"]
    )
    # The learner is an open ring, the reference a smaller filled diamond drawn on top:
    # where they agree, both marks still show.
    you = base.transform_filter(alt.datum.who == "You").mark_point(
        filled=False, size=420 if big else 300, strokeWidth=3, opacity=1
    )
    ref = base.transform_filter(alt.datum.who == "Reference").mark_point(
        filled=True, size=150 if big else 110, opacity=1
    )
    dots = you + ref
    chart = (rule + dots).properties(
        title=title, width=520 if big else 380, height=alt.Step(34 if big else 26)
    )
    return _config(chart, big)


def profile_alt_text(comparison: Comparison, title: str) -> str:
    """The chart in words, for screen readers and for anyone who cannot see it."""
    parts = []
    for row in comparison.rows:
        if row.learner is None and row.reference is None:
            continue
        text = f"{row.name}: you {row.learner if row.learner is not None else 'not scored'}"
        if row.reference is not None:
            text += f", reference {row.reference}"
        parts.append(text)
    return f"{title}. " + "; ".join(parts) + "."


SERIES = {
    "trust": ("Trust", "solid"),
    "communication": ("Communication", "dashed"),
    "shared_perspective": ("Shared perspective", "dotted"),
    "value": ("Value created per month", "dashdot"),
}
_DASHES = {"solid": [1, 0], "dashed": [8, 4], "dotted": [2, 3], "dashdot": [8, 3, 2, 3]}


def spiral_chart(history: list[MonthState], shock_month: int | None, big: bool = False) -> Any:
    """Trust, communication, shared perspective and value over time; the shock as a rule."""
    import altair as alt

    return _spiral_layers(
        alt.Data(values=_spiral_rows(history)),
        alt.Data(values=_shock_rows(shock_month)),
        history[-1].month,
        shock_month is not None,
        big,
    )


def spiral_svg(history: list[MonthState], shock_month: int | None, big: bool = False) -> str:
    """:func:`spiral_chart` as SVG, fast enough for a slider: the chart's specification
    is built once per layout and only its data change from one move to the next."""
    import vl_convert as vlc

    spec = json.loads(_spiral_template(shock_month is not None, big, history[-1].month))
    spec["datasets"] = {"levels": _spiral_rows(history), "shock": _shock_rows(shock_month)}
    return vlc.vegalite_to_svg(spec)


@functools.lru_cache(maxsize=8)
def _spiral_template(shock: bool, big: bool, months: int) -> str:
    import altair as alt

    chart = _spiral_layers(alt.NamedData("levels"), alt.NamedData("shock"), months, shock, big)
    return json.dumps(chart.to_dict())


def _spiral_rows(history: list[MonthState]) -> list[dict[str, Any]]:
    return [
        {"month": s.month, "measure": label, "level": round(getattr(s, key), 4)}
        for s in history
        for key, (label, _dash) in SERIES.items()
    ]


def _shock_rows(shock_month: int | None) -> list[dict[str, Any]]:
    if shock_month is None:
        return []
    return [{"month": shock_month, "label": f"Shock (month {shock_month})"}]


def _spiral_layers(levels: Any, shock: Any, months: int, with_shock: bool, big: bool) -> Any:
    import altair as alt

    labels = [label for label, _ in SERIES.values()]
    dashes = [_DASHES[dash] for _, dash in SERIES.values()]
    palette = ["#0072B2", "#009E73", "#CC79A7", "#D55E00"]
    lines = (
        alt.Chart(levels)
        .mark_line(strokeWidth=3 if big else 2.5)
        .encode(
            x=alt.X("month:Q", title="Month", scale=alt.Scale(domain=[0, months], nice=False)),
            y=alt.Y("level:Q", title="Level (0 to 1)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("measure:N", scale=alt.Scale(domain=labels, range=palette), title=None),
            strokeDash=alt.StrokeDash(
                "measure:N", scale=alt.Scale(domain=labels, range=dashes), title=None
            ),
            tooltip=["month:Q", "measure:N", alt.Tooltip("level:Q", format=".0%")],
        )
    )
    layers = [lines]
    if with_shock:
        layers.append(
            alt.Chart(shock).mark_rule(color="#444444", strokeWidth=2).encode(x="month:Q")
        )
        layers.append(
            alt.Chart(shock)
            .mark_text(align="left", dx=4, dy=-6, fontSize=16 if big else 12, color="#222222")
            .encode(x="month:Q", y=alt.value(10), text="label:N")
        )
    chart = alt.layer(*layers).properties(width=620 if big else 480, height=320 if big else 260)
    return _config(chart, big)


def to_svg(chart: Any) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_dict())
