"""What the instructor looks at: the grades CSV and a chart per module."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .api import course_root


def gradebook_table(api: Any) -> tuple[list[str], dict[str, dict[str, tuple[float, float]]]]:
    """Modules in order, and {student: {module: (score, max_score)}} for every submission."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        modules = [a.name for a in sorted(gb.assignments, key=lambda a: a.name)]
        table: dict[str, dict[str, tuple[float, float]]] = {s.id: {} for s in gb.students}
        for module in modules:
            for sub in gb.assignment_submissions(module):
                table.setdefault(sub.student.id, {})[module] = (sub.score, sub.max_score)
    return modules, table


def question_shares(api: Any, module: str) -> tuple[list[float], list[tuple[str, float]]]:
    """The cohort's scores on ``module`` and, per automatically graded question, the share of
    students who got it fully right (hand-graded answers are left out)."""
    from nbgrader.api import Gradebook

    scores: list[float] = []
    right: dict[str, list[bool]] = {}
    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        for sub in gb.assignment_submissions(module):
            scores.append(sub.score)
            for nb in sub.notebooks:
                for grade in nb.grades:
                    # Automatically graded questions are nbgrader's code test cells.
                    if grade.max_score and grade.cell.cell_type == "code":
                        right.setdefault(grade.name, []).append(grade.score >= grade.max_score)
    shares = [(name, sum(v) / len(v)) for name, v in sorted(right.items())]
    return scores, shares


def write_grades_csv(
    path: Path, modules: list[str], table: dict[str, dict[str, tuple[float, float]]]
) -> None:
    """One row per student, one column per module, then the total: plain UTF-8 CSV with a
    header row and '.' decimals, as spreadsheets and LMS gradebook imports expect."""
    path.parent.mkdir(parents=True, exist_ok=True)
    maxima = {
        m: max((row[m][1] for row in table.values() if m in row), default=0.0) for m in modules
    }
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["student_id", *(f"{m} (out of {maxima[m]:g})" for m in modules), "total", "out_of"]
        )
        for student in sorted(table):
            row = table[student]
            cells = [f"{row[m][0]:g}" if m in row else "" for m in modules]
            total = sum(row[m][0] for m in row)
            writer.writerow([student, *cells, f"{total:g}", f"{sum(maxima.values()):g}"])


def module_chart(
    module: str, scores: list[float], shares: list[tuple[str, float]], max_score: float = 0
) -> Any:
    """The cohort's scores and each question's share of right answers, side by side."""
    import altair as alt

    counts: dict[float, int] = {}
    for score in scores:
        counts[score] = counts.get(score, 0) + 1
    top = int(max(max(scores, default=0), max_score))
    for point in range(top + 1):  # every possible whole score, also those nobody got
        counts.setdefault(float(point), 0)
    hist = (
        alt.Chart(
            alt.Data(values=[{"score": f"{k:g}", "students": v} for k, v in sorted(counts.items())])
        )
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("score:O", title="Score", sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("students:Q", title="Students", axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=320, height=220, title=f"{module}: scores ({len(scores)} students)")
    )
    bars = (
        alt.Chart(alt.Data(values=[{"question": q, "share": v} for q, v in shares]))
        .mark_bar(color="#f58518")
        .encode(
            x=alt.X(
                "share:Q",
                title="Share right",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("question:N", title=None, sort=None),
            tooltip=["question:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width=320, height=220, title="Which question misleads the class")
    )
    return alt.hconcat(hist, bars).configure_axis(labelFontSize=13, titleFontSize=14)


def export(api: Any, to: Path | None, charts: Path | None) -> list[Path]:
    """Grades CSV and, with ``charts``, an SVG and a self-contained HTML chart per module."""
    root = course_root(api)
    to = to or root / "reports" / "grades.csv"
    modules, table = gradebook_table(api)
    write_grades_csv(to, modules, table)
    written = [to]
    if charts is not None:
        charts.mkdir(parents=True, exist_ok=True)
        for module in modules:
            scores, shares = question_shares(api, module)
            if not scores:
                continue
            top = max((row[module][1] for row in table.values() if module in row), default=0)
            chart = module_chart(module, scores, shares, top)
            for suffix in (".svg", ".html"):
                path = charts / f"{module}-cohort{suffix}"
                # HTML carries Vega's JavaScript inline: it opens without a network.
                chart.save(str(path), inline=True) if suffix == ".html" else chart.save(str(path))
                written.append(path)
    return written
