"""The case-study scorecard: rate an alliance on the rubric, then compare.

The browser writes ``scores`` (criterion id -> 0..4), ``revealed`` (the learner
asked for the comparison) and, for the learner's own alliance, ``title``.
Python validates them, saves them, and writes back ``_result``: the verdict,
the chart (SVG drawn by altair), the largest gaps with the reference's
reasons, the weakest criteria with what they predict, and a CSV for download.
The reference scores never reach the browser before the learner asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import traitlets as t

from trustvalue_course.content import Content
from trustvalue_course.content.models import Activity, Case, Criterion, LensChoice, Rubric
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.scoring import (
    Comparison,
    compare,
    criteria_for,
    to_csv,
    validate_scores,
)

from . import charts
from .base import CourseWidget, css, esm

TITLE_LIMIT = 120


class Scorecard(CourseWidget):
    """Score one case (or your own alliance) on the rubric and see the comparison."""

    kind = "scorecard"
    _answers = ("title", "scores", "revealed")
    _intents: ClassVar[dict[str, str]] = {"reveal": "show_answers"}
    _saved_as = "scores"
    _esm = esm("scorecard.js")
    _css = css("scorecard.css")

    scores = t.Dict(help="criterion id -> score 0..4").tag(sync=True)
    revealed = t.CBool(False, help="the learner asked to compare").tag(sync=True)
    title = t.CUnicode("", help="the name of the learner's own alliance").tag(sync=True)

    _case = t.Dict().tag(sync=True)
    _criteria = t.List(t.Dict()).tag(sync=True)
    _lenses = t.Dict(help="lens -> its heading").tag(sync=True)
    _result = t.Dict().tag(sync=True)

    def __init__(
        self,
        rubric: Rubric,
        case: Case | None = None,
        *,
        lens: LensChoice = "both",
        activity_id: str | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
        **kwargs: Any,
    ) -> None:
        self._rubric, self._case_obj, self._lens = rubric, case, lens
        super().__init__(
            activity_id=activity_id,
            store=store,
            presentation=presentation,
            _case=_case_json(case, rubric),
            _criteria=[
                {
                    "id": c.id,
                    "name": c.name,
                    "lens": c.lens,
                    "question": c.question,
                    "levels": [c.levels[n] for n in range(5)],
                    "names": rubric.level_names(c.lens),
                    "notes": _notes(c),
                }
                for c in criteria_for(rubric, lens)
            ],
            _lenses=rubric.lens_headings(),
            **kwargs,
        )

    @classmethod
    def _from_activity(
        cls, activity: Activity, content: Content, *, store: AnswerStore, presentation: bool
    ) -> Scorecard:
        if content.rubric is None:
            raise ValueError(f"activity {activity.id!r}: the course has no rubric")
        case = None if activity.case == "own" else content.cases[activity.case or ""]
        return cls(
            content.rubric,
            case,
            lens=activity.lens or "both",
            activity_id=activity.id,
            store=store,
            presentation=presentation,
        )

    # ------------------------------------------------------------------ public API

    @property
    def comparison(self) -> Comparison:
        return compare(self._rubric, self.scores, self._lens, self._case_obj)

    def score(self, criterion_id: str, value: int) -> None:
        """Score one criterion, as choosing a level in the browser would."""
        self.scores = {**self.scores, criterion_id: value}

    def show_answers(self) -> None:
        """Compare with the reference (or show the profile), as the button would."""
        self.revealed = True

    def chart(self) -> Any:
        """The altair chart of the learner's profile against the reference."""
        return charts.profile_chart(self.comparison, self._chart_title(), self._presentation)

    def export(self, folder: Path | str = "exports") -> tuple[Path, Path]:
        """Write the scores as CSV and the chart as SVG; returns both paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stem = self._activity_id or "scorecard"
        csv_path, svg_path = folder / f"{stem}.csv", folder / f"{stem}.svg"
        csv_path.write_text(to_csv(self.comparison), encoding="utf-8")
        svg = charts.profile_svg(self.comparison, self._chart_title(), self._presentation)
        svg_path.write_text(svg, encoding="utf-8")
        return csv_path, svg_path

    # ------------------------------------------------------------------ plumbing

    def _chart_title(self) -> str:
        if self._case_obj is not None:
            return self._case_obj.title
        return self.title.strip() or "My alliance"

    @t.validate("scores")
    def _clean_scores(self, proposal: t.Bunch) -> dict[str, int]:
        return validate_scores(self._rubric, proposal["value"], self._lens)

    @t.validate("title")
    def _clean_title(self, proposal: t.Bunch) -> str:
        return str(proposal["value"])[:TITLE_LIMIT]

    def _update(self) -> None:
        comp = self.comparison
        total = len(comp.rows)
        scored = sum(r.learner is not None for r in comp.rows)
        result: dict[str, Any] = {"complete": comp.complete, "scored": scored, "total": total}
        if self.revealed and scored:
            title = self._chart_title()
            result.update(
                verdict=comp.verdict,
                agreement=comp.agreement,
                svg=charts.profile_svg(comp, title, self._presentation),
                alt=charts.profile_alt_text(comp, title),
                csv=to_csv(comp),
                filename=(self._activity_id or "scorecard"),
                gaps=[
                    {
                        "name": r.name,
                        "learner": r.learner,
                        "reference": r.reference,
                        "reason": r.reason or "",
                    }
                    for r in comp.biggest_gaps
                ],
                weakest=[
                    {"name": r.name, "learner": r.learner, "predicts": predicts}
                    for r, predicts in comp.weakest
                ],
                reasons={r.criterion: r.reason for r in comp.rows if r.reason},
                references={r.criterion: r.reference for r in comp.rows if r.reference is not None},
            )
        self._result = result

    def _record(self) -> dict[str, Any]:
        return {
            "kind": "scorecard",
            "case": self._case_obj.id if self._case_obj else "own",
            "lens": self._lens,
            "scores": dict(self.scores),
            "revealed": self.revealed,
            "title": self.title,
        }


def _notes(crit: Criterion) -> list[dict[str, str]]:
    """How to tell close levels apart, where readers tend to split."""
    notes = []
    for pair, text in crit.tell_apart.items():
        low, high = pair.split("-")
        notes.append({"label": f"How to tell {low} from {high}", "text": text})
    return notes


def _case_json(case: Case | None, rubric: Rubric) -> dict[str, Any]:
    if case is None:
        return {"own": True}
    return {
        "own": False,
        "id": case.id,
        "title": case.title,
        "meta": f"{case.industry} \u00b7 {case.region} \u00b7 {case.size}",
        "paragraphs": [p.strip() for p in case.story.split("\n\n") if p.strip()],
        "moment": case.scored_at or "",
        "silent": {lens: rule.rule for lens, rule in rubric.silent.items()},
    }
