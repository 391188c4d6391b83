"""Charts for the widgets.

The scorecard's profile is built with altair and rendered to SVG by vl-convert
on the kernel side: that keeps the course offline (no JavaScript from a CDN,
nothing to bundle per chart) and gives the same bytes for the screen and for
the learner's download. altair is imported only when such a chart is drawn.

The spiral simulator's lines change at every slider step and are drawn by the
browser from plain numbers (:func:`spiral_series`): its kernel stays as light as
a page with one button, and a step costs a few milliseconds, not an SVG render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trustvalue_course.learning.scoring import Comparison
    from trustvalue_course.learning.spiral import MonthState

# Colour-blind-safe pair (Okabe-Ito), always paired with a different shape or dash.
LEARNER_COLOUR = "#0072B2"
REFERENCE_COLOUR = "#D55E00"
FONT = "DejaVu Sans, Verdana, sans-serif"


def _config(chart: Any, big: bool) -> Any:
    size = 20 if big else 12  # big: a projector shows the chart at its own size
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
        title=title, width=560 if big else 380, height=alt.Step(36 if big else 26)
    )
    return _config(chart, big)


def profile_svg(comparison: Comparison, title: str, big: bool = False) -> str:
    """:func:`profile_chart` as SVG, its legend drawn like the marks: an open ring for
    "You", a filled diamond for the reference (altair's merged legend fills both)."""
    import vl_convert as vlc

    spec = vlc.vegalite_to_vega(profile_chart(comparison, title, big).to_dict())
    for legend in spec.get("legends", []):
        symbols = legend.setdefault("encode", {}).setdefault("symbols", {})
        update = symbols.setdefault("update", {})
        update["fill"] = {
            "signal": "datum.value === 'You' ? '#ffffff' : scale('color', datum.value)"
        }
        update["strokeWidth"] = {"value": 3}
    return vlc.vega_to_svg(spec)


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


# The simulator's lines: the browser draws them from these numbers (static/spiral.js),
# so a simulator's kernel needs neither altair nor vl-convert. Each line has its own
# colour (Okabe-Ito) and its own dash, so it never relies on colour alone.
SERIES: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    # (MonthState field, label, colour, dash pattern)
    ("trust", "Trust", "#0072B2", ()),
    ("communication", "Communication", "#009E73", (8, 4)),
    ("shared_perspective", "Shared perspective", "#CC79A7", (2, 3)),
    ("value", "Value created per month", "#D55E00", (8, 3, 2, 3)),
)


def spiral_series(history: list[MonthState]) -> list[dict[str, Any]]:
    """The simulator's lines as plain data: label, colour, dash and one level per month."""
    return [
        {
            "id": key,
            "label": label,
            "colour": colour,
            "dash": list(dash),
            "levels": [round(getattr(state, key), 4) for state in history],
        }
        for key, label, colour, dash in SERIES
    ]
