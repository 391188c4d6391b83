"""The case-study scorecard: comparing a learner's scores with the reference.

Pure functions with no widget in sight: the scorecard widget calls them, the
tests call them, and so would any other front end. A learner scores criteria of
the rubric from 0 to 4; :func:`compare` lines those scores up against a case's
reference scoring (or against nothing, for the learner's own alliance) and
writes a short verdict a manager could read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard, get_args

from ..content.models import Case, Criterion, LensChoice, Reason, Rubric

LENSES: tuple[str, ...] = get_args(LensChoice)
LOW = 1  # a score at or below this is "missing or weak"
STRONG = 2.5  # a mean at or above this is a strong structure, or a Trust & We spirit
CSV_HEADER = ("criterion", "name", "lens", "your_score", "reference_score", "gap")


def criteria_for(rubric: Rubric, lens: LensChoice) -> list[Criterion]:
    """The criteria scored under ``lens``, in rubric order; "both" is elements then contrasts."""
    if lens not in LENSES:
        raise ValueError(f"unknown lens {lens!r}; use one of: {', '.join(LENSES)}")
    parts = ("elements", "contrasts") if lens == "both" else (lens,)
    return [c for part in parts for c in rubric.criteria if c.lens == part]


@dataclass(frozen=True)
class Row:
    """One criterion: the learner's score beside the reference, if there is one."""

    criterion: str
    name: str
    lens: str
    learner: int | None  # None = not scored yet
    reference: int | None  # None when there is no reference (the learner's own alliance)
    gap: int | None  # learner - reference, when both exist
    reason: str | None  # the reference's reason for its score
    level_text: str | None  # the rubric's words for the learner's level


@dataclass(frozen=True)
class Comparison:
    rows: list[Row]
    complete: bool  # every criterion of the lens scored
    agreement: float | None  # 0..1: 1 - mean(|gap|)/4 over rows with a gap
    biggest_gaps: list[Row]  # up to 3 rows with |gap| >= 2, largest first
    weakest: list[tuple[Row, str]]  # up to 3 lowest-scored rows, with the rubric's weak_predicts
    structure: float | None  # mean learner score on elements, None if none scored
    spirit: float | None  # mean learner score on contrasts, None if none scored
    verdict: str

    def to_rows(self) -> list[dict[str, object]]:
        """One plain dict per criterion, for a CSV file or a chart."""
        return [
            {
                "criterion": r.criterion,
                "name": r.name,
                "lens": r.lens,
                "learner": r.learner,
                "reference": r.reference,
                "gap": r.gap,
            }
            for r in self.rows
        ]


def validate_scores(
    rubric: Rubric, scores: Mapping[str, object], lens: LensChoice
) -> dict[str, int]:
    """Keep only scores of criteria in ``lens`` whose value is an int from 0 to 4.

    Anything else a browser might send (strings, floats, booleans, out-of-range
    numbers, unknown criteria) is dropped. The result is in rubric order.
    """
    kept: dict[str, int] = {}
    for crit in criteria_for(rubric, lens):
        value = scores.get(crit.id)
        if _is_score(value):
            kept[crit.id] = value
    return kept


def compare(
    rubric: Rubric, scores: Mapping[str, int], lens: LensChoice, case: Case | None = None
) -> Comparison:
    """Line the learner's ``scores`` up against ``case``'s reference (or none, for ``None``).

    Scores for criteria outside ``lens`` are ignored; a score for a criterion in
    ``lens`` that is not an int from 0 to 4 is a ValueError (clean browser input
    with :func:`validate_scores` first).
    """
    criteria = criteria_for(rubric, lens)
    rows: list[Row] = []
    for crit in criteria:
        learner = scores.get(crit.id)
        if learner is not None and not _is_score(learner):
            raise ValueError(f"score for {crit.id!r} must be an int from 0 to 4, not {learner!r}")
        ref = _reference(case, crit)
        reference = ref.score if ref is not None else None
        rows.append(
            Row(
                criterion=crit.id,
                name=crit.name,
                lens=crit.lens,
                learner=learner,
                reference=reference,
                gap=learner - reference if learner is not None and reference is not None else None,
                reason=ref.reason if ref is not None else None,
                level_text=crit.levels[learner] if learner is not None else None,
            )
        )

    gaps = [abs(r.gap) for r in rows if r.gap is not None]
    agreement = 1 - _mean(gaps) / 4 if gaps else None
    wide = [r for r in rows if r.gap is not None and abs(r.gap) >= 2]
    # sorted() is stable, so equal gaps keep rubric order
    biggest_gaps = sorted(wide, key=lambda r: -abs(r.gap or 0))[:3]

    scored = [r for r in rows if r.learner is not None]
    low = sorted((r for r in scored if (r.learner or 0) <= LOW), key=lambda r: r.learner or 0)
    if not low and scored:
        bottom = min(r.learner or 0 for r in scored)
        low = [r for r in scored if r.learner == bottom]
    weakest = [(r, rubric.criterion(r.criterion).weak_predicts) for r in low[:3]]

    partial = Comparison(
        rows=rows,
        complete=len(scored) == len(rows),
        agreement=agreement,
        biggest_gaps=biggest_gaps,
        weakest=weakest,
        structure=_lens_mean(rows, "elements"),
        spirit=_lens_mean(rows, "contrasts"),
        verdict="",
    )
    return replace(partial, verdict=_verdict(partial, lens))


def to_csv(comparison: Comparison) -> str:
    """The comparison as CSV text: a header row, then one row per criterion.

    The header is the first line, with no title or comment line above it, so
    spreadsheets and chart tools read the text as is (name the downloaded file
    after the alliance instead). Missing values (unscored, no reference) are
    empty cells.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    keys = ("criterion", "name", "lens", "learner", "reference", "gap")
    for row in comparison.to_rows():
        writer.writerow([row[k] for k in keys])
    return buf.getvalue()


# ------------------------------------------------------------------------- helpers


def _is_score(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 4


def _reference(case: Case | None, crit: Criterion) -> Reason | None:
    if case is None:
        return None
    return case.reference.lens(crit.lens).get(crit.id)


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def _lens_mean(rows: list[Row], lens: str) -> float | None:
    values = [r.learner for r in rows if r.lens == lens and r.learner is not None]
    return _mean(values) if values else None


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _scored_list(rows: list[Row]) -> str:
    return _join([f"{r.name} ({r.learner})" for r in rows])


def _verdict(comp: Comparison, lens: LensChoice) -> str:
    total = len(comp.rows)
    if not comp.complete:
        done = sum(r.learner is not None for r in comp.rows)
        left = total - done
        remain = "remains" if left == 1 else "remain"
        if done == 0:
            head = f"None of the {total} criteria is scored yet; {left} {remain}."
        else:
            head = f"You have scored {done} of {total} criteria; {left} {remain}."
        sentences = [head, "Score them all to see a verdict."]
        agree = _agreement_sentence(comp, so_far=True)
    else:
        sentences = _profile_sentences(comp, lens)
        agree = _agreement_sentence(comp, so_far=False)
    if agree:
        sentences.append(agree)
    return " ".join(sentences)


def _profile_sentences(comp: Comparison, lens: LensChoice) -> list[str]:
    if lens == "both":
        assert comp.structure is not None and comp.spirit is not None
        s, p = _fmt(comp.structure), _fmt(comp.spirit)
        strong, trust = comp.structure >= STRONG, comp.spirit >= STRONG
        if strong and trust:
            first = (
                f"The structure is strong (elements {s} of 4) and the spirit leans Trust & We "
                f"(contrasts {p} of 4): this alliance is likely to spiral in and create value."
            )
        elif strong:
            first = (
                f"This alliance is well built but spiralling out (elements {s}, contrasts {p} "
                "of 4): the structure will not save it unless the partners change how they see "
                "each other."
            )
        elif trust:
            first = (
                f"Good spirit, weak structure (contrasts {p}, elements {s} of 4): goodwill will "
                "stall without purpose, charter and leadership."
            )
        else:
            first = (
                f"This alliance is at risk on both counts (elements {s}, contrasts {p} of 4): "
                "the structure is weak and the partners see each other through Fear & Me."
            )
        return [first, _weakest_sentence(comp, steady=strong and trust)]

    if lens == "elements":
        assert comp.structure is not None
        s = _fmt(comp.structure)
        adj = "strong" if comp.structure >= STRONG else "weak"
        low = [r for r, _ in comp.weakest if (r.learner or 0) <= LOW]
        if low:
            verb, pronoun = ("is", "it is") if len(low) == 1 else ("are", "they are")
            return [
                f"The structure is {adj} (elements {s} of 4).",
                f"{_scored_list(low)} {verb} missing or weak: as a checklist for joining, "
                f"that is a reason to hesitate until {pronoun} put right.",
            ]
        if comp.structure >= STRONG:
            return [
                f"The structure is strong (elements {s} of 4) and no element is missing: "
                "a sound base to build on or to join.",
                "Structure is not everything: the partners' spirit decides whether it spirals in.",
            ]
        names = _join([r.name for r, _ in comp.weakest])
        return [
            f"The structure is thin (elements {s} of 4): no element is missing outright, "
            "but none is solid enough to carry the rest.",
            f"Strengthen the weakest first: {names}.",
        ]

    assert comp.spirit is not None
    p = _fmt(comp.spirit)
    if comp.spirit >= STRONG:
        first = (
            f"The spirit leans Trust & We (contrasts {p} of 4): the partners are likely to "
            "spiral in, provided the structure holds."
        )
        return [first, _weakest_sentence(comp, steady=True)]
    first = (
        f"The spirit leans Fear & Me (contrasts {p} of 4): expect the alliance to spiral out "
        "unless the partners change how they see each other."
    )
    return [first, _weakest_sentence(comp, steady=False)]


def _weakest_sentence(comp: Comparison, steady: bool) -> str:
    """Name the weakest points: a warning if all is well, a starting point if not."""
    weakest = [r for r, _ in comp.weakest]
    listed = _scored_list(weakest)
    if not steady:
        return f"Start with the weakest points: {listed}."
    if any((r.learner or 0) <= LOW for r in weakest):
        return f"Even so, watch the weakest points: {listed}."
    if all(r.learner == 4 for r in weakest):
        return "Every criterion scores 4; the task now is to keep it that way."
    if len(weakest) == 1:
        return f"The lowest score, {listed}, is the one to keep from slipping."
    return f"The lowest scores, {listed}, are the ones to keep from slipping."


def _agreement_sentence(comp: Comparison, so_far: bool) -> str | None:
    compared = [r for r in comp.rows if r.gap is not None]
    if comp.agreement is None or not compared:
        return None
    close = sum(abs(r.gap or 0) <= 1 for r in compared)
    n = len(compared)
    who = "so far you and the reference" if so_far else "you and the reference"
    if all(r.gap == 0 for r in compared):
        text = f"{who} agree exactly (the same level on {n} of {n})."
        return text[0].upper() + text[1:]
    if comp.agreement >= 0.8 and not comp.biggest_gaps:
        how = "agree closely"
    elif comp.agreement >= 0.6:
        how = "partly agree"
    else:
        how = "read this case quite differently"
    detail = f"within one level on {close} of {n}"
    if comp.biggest_gaps:
        top = comp.biggest_gaps[0]
        detail += f"; furthest apart on {top.name}: you {top.learner}, reference {top.reference}"
    text = f"{who} {how} ({detail})."
    return text[0].upper() + text[1:]
