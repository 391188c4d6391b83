"""Benchmarks: each line shows our time, a baseline timed in the same run, and the ratio.

Machines here are noisy, so absolute times mean little; the ratio to a baseline
doing the nearest plain thing, measured moments apart, is what to watch.
Run with `make bench`. Not a test: nothing fails on a slow result.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets as t
from ruamel.yaml import YAML

from trustvalue_course.content import CONTENT_DIR, course_content, load_content
from trustvalue_course.scoring import compare
from trustvalue_course.spiral import SpiralParams, simulate
from trustvalue_course.store import AnswerStore
from trustvalue_widgets import StatementSorter, charts


def timed(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of ``repeat`` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def fresh_import(code: str) -> Callable[[], object]:
    return lambda: subprocess.run([sys.executable, "-c", code], check=True)


class Bare(anywidget.AnyWidget):
    _esm = "export default { render() {} }"
    value = t.Dict().tag(sync=True)


def main() -> None:
    content = course_content()
    rows: list[tuple[str, float, str, float]] = []
    yaml_files = sorted(CONTENT_DIR.rglob("*.yaml"))

    def parse_only() -> None:
        parser = YAML(typ="rt", pure=True)
        for path in yaml_files:
            parser.load(path.read_text())

    rows.append(
        (
            "load + validate all content",
            timed(lambda: load_content(), 5),
            "parse the same YAML, no checks",
            timed(parse_only, 5),
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        sorter = StatementSorter.for_activity(
            "m02-sort-perspective", content=content, store=AnswerStore(Path(tmp))
        )
        ids = [s.id for s in sorter.statements]
        bare = Bare()
        turn = {"n": 0}

        def place() -> None:
            turn["n"] += 1
            sorter.placements = {i: ("fear_me" if turn["n"] % 2 else "trust_we") for i in ids[:6]}

        def bare_set() -> None:
            turn["n"] += 1
            bare.value = {i: ("fear_me" if turn["n"] % 2 else "trust_we") for i in ids[:6]}

        rows.append(
            (
                "sorter: check + feedback + atomic save",
                timed(place, 25),
                "set a synced trait on a bare anywidget",
                timed(bare_set, 25),
            )
        )

    case = content.cases["dermavel-copromotion"]
    assert content.rubric is not None
    scores = {k: 2 for k in (*case.reference.elements, *case.reference.contrasts)}

    def scorecard_chart() -> None:
        charts.to_svg(charts.profile_chart(compare(content.rubric, scores, "both", case), "x"))

    def spiral_chart() -> None:
        history = simulate(SpiralParams(shock_month=12))
        charts.to_svg(charts.spiral_chart(history, 12))

    def tiny_chart() -> None:
        import altair as alt

        charts.to_svg(alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q"))

    baseline = timed(tiny_chart, 9)
    rows.append(
        (
            "scorecard: compare + chart to SVG",
            timed(scorecard_chart, 9),
            "a one-point altair chart to SVG",
            baseline,
        )
    )
    rows.append(
        (
            "spiral: 36 months + chart to SVG",
            timed(spiral_chart, 9),
            "a one-point altair chart to SVG",
            baseline,
        )
    )
    rows.append(
        (
            "import trustvalue_widgets (new process)",
            timed(fresh_import("import trustvalue_widgets"), 3),
            "import ipywidgets, anywidget (new process)",
            timed(fresh_import("import ipywidgets, anywidget"), 3),
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'ours':>9}  {'baseline':>9}  ratio  baseline is")
    for name, ours, base_name, base in rows:
        print(
            f"{name:<{width}}  {ours * 1000:8.1f}ms  {base * 1000:8.1f}ms  {ours / base:5.1f}  {base_name}"
        )


if __name__ == "__main__":
    main()
    # The trainer's server: apps' first widget, kernel memory, 100 phones (bench/classroom.py).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import classroom

    print()
    classroom.main()
