"""The case-study scorecard logic, against the real packaged rubric and cases."""

from __future__ import annotations

import csv
import io
from statistics import mean

import pytest

from trustvalue_course.content import Content, load_content
from trustvalue_course.content.models import Case, Criterion, Rubric
from trustvalue_course.learning.scoring import (
    CSV_HEADER,
    Comparison,
    Row,
    compare,
    criteria_for,
    to_csv,
    validate_scores,
)

_PACKAGED = load_content()
CASE_IDS = sorted(_PACKAGED.cases)  # every packaged case, at collection time
# The rubric's criteria are the one list of elements and contrasts.
assert _PACKAGED.rubric is not None
ELEMENTS = tuple(_PACKAGED.rubric.ids("elements"))
CONTRASTS = tuple(_PACKAGED.rubric.ids("contrasts"))
N_E, N_C = len(ELEMENTS), len(CONTRASTS)

QUADRANTS = {
    "spiral in": "likely to spiral in and create value",
    "well built": "well built but spiralling out",
    "good spirit": "good spirit, weak structure",
    "at risk": "at risk on both counts",
}


@pytest.fixture(scope="module")
def rubric(content: Content) -> Rubric:
    assert content.rubric is not None
    return content.rubric


def reference_scores(case: Case) -> dict[str, int]:
    return {
        **{k: r.score for k, r in case.reference.elements.items()},
        **{k: r.score for k, r in case.reference.contrasts.items()},
    }


def quadrant_in(verdict: str) -> list[str]:
    return [q for q, phrase in QUADRANTS.items() if phrase in verdict.lower()]


def row(comp: Comparison, criterion: str) -> Row:
    return next(r for r in comp.rows if r.criterion == criterion)


# ------------------------------------------------------------------------- lenses


@pytest.mark.parametrize(
    ("lens", "expected"),
    [("elements", ELEMENTS), ("contrasts", CONTRASTS), ("both", ELEMENTS + CONTRASTS)],
)
def test_lens_rows(rubric: Rubric, lens: str, expected: tuple[str, ...]) -> None:
    assert [c.id for c in criteria_for(rubric, lens)] == list(expected)  # type: ignore[arg-type]
    comp = compare(rubric, {}, lens)  # type: ignore[arg-type]
    assert [r.criterion for r in comp.rows] == list(expected)
    assert len(comp.rows) == {"elements": N_E, "contrasts": N_C, "both": N_E + N_C}[lens]


def test_both_is_elements_then_contrasts_even_if_the_rubric_interleaves(rubric: Rubric) -> None:
    crits = list(rubric.criteria)
    shuffled = Rubric(levels=rubric.levels, criteria=[crits[N_E], *crits[:N_E], *crits[N_E + 1 :]])
    ids = [c.id for c in criteria_for(shuffled, "both")]
    assert ids == list(ELEMENTS + CONTRASTS)


def test_unknown_lens_is_refused(rubric: Rubric) -> None:
    with pytest.raises(ValueError, match="lens"):
        criteria_for(rubric, "spirit")  # type: ignore[arg-type]


# ------------------------------------------------------------ matching the reference


def test_cases_cover_all_four_quadrants(content: Content) -> None:
    """The packaged cases exercise every branch of the both-lens verdict."""
    seen = set()
    for case in content.cases.values():
        s = mean(r.score for r in case.reference.elements.values()) >= 2.5
        t = mean(r.score for r in case.reference.contrasts.values()) >= 2.5
        seen.add((s, t))
    assert len(seen) == 4


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_scoring_like_the_reference(content: Content, rubric: Rubric, case_id: str) -> None:
    case = content.cases[case_id]
    comp = compare(rubric, reference_scores(case), "both", case)
    assert comp.complete
    assert comp.agreement == 1.0
    assert comp.biggest_gaps == []
    assert all(r.gap == 0 for r in comp.rows)
    assert "agree exactly" in comp.verdict

    # the expected quadrant, computed here from the case's own reference means
    structure = mean(r.score for r in case.reference.elements.values())
    spirit = mean(r.score for r in case.reference.contrasts.values())
    assert comp.structure == pytest.approx(structure)
    assert comp.spirit == pytest.approx(spirit)
    expected = {
        (True, True): "spiral in",
        (True, False): "well built",
        (False, True): "good spirit",
        (False, False): "at risk",
    }[(structure >= 2.5, spirit >= 2.5)]
    assert quadrant_in(comp.verdict) == [expected], comp.verdict


def test_rows_carry_reference_reason_and_level_words(content: Content, rubric: Rubric) -> None:
    case = content.cases["carrick-port-data-exchange"]
    comp = compare(rubric, reference_scores(case), "both", case)
    for r in comp.rows:
        crit = rubric.criterion(r.criterion)
        ref = (case.reference.elements | case.reference.contrasts)[r.criterion]  # type: ignore[operator]
        assert r.name == crit.name
        assert r.lens == crit.lens
        assert r.reference == ref.score
        assert r.reason == ref.reason
        assert r.level_text == crit.levels[r.learner]


# ------------------------------------------------------------------ gaps and weakest


def test_a_gap_of_two_or_more_comes_first_with_the_reason(content: Content, rubric: Rubric) -> None:
    case = content.cases["carrick-port-data-exchange"]
    scores = reference_scores(case)
    assert scores["common_ground"] == 0
    scores["common_ground"] = 3  # 3 levels above the reference
    scores["pie"] = scores["pie"] + 2  # 2 levels above: a smaller gap, listed second
    comp = compare(rubric, scores, "both", case)
    assert [r.criterion for r in comp.biggest_gaps] == ["common_ground", "pie"]
    top = comp.biggest_gaps[0]
    assert top.gap == 3
    assert top.reason == case.reference.elements["common_ground"].reason  # type: ignore[index]
    assert comp.agreement == pytest.approx(1 - (3 + 2) / (N_E + N_C) / 4)
    assert comp.agreement is not None and comp.agreement < 1
    assert "Common ground" in comp.verdict
    assert f"within one level on {N_E + N_C - 2} of {N_E + N_C}" in comp.verdict


def test_one_level_off_is_not_a_big_gap(content: Content, rubric: Rubric) -> None:
    case = content.cases["klipvlei-water-pact"]
    scores = {k: max(0, v - 1) for k, v in reference_scores(case).items()}
    comp = compare(rubric, scores, "both", case)
    assert comp.biggest_gaps == []
    assert f"within one level on {N_E + N_C} of {N_E + N_C}" in comp.verdict


def test_biggest_gaps_at_most_three_ties_in_rubric_order(rubric: Rubric, content: Content) -> None:
    case = content.cases["klipvlei-water-pact"]
    scores = reference_scores(case)
    for cid in ("convener", "purpose", "common_ground", "pie"):  # rubric order
        scores[cid] = 0
    comp = compare(rubric, scores, "both", case)
    gaps = {r.criterion: abs(r.gap or 0) for r in comp.rows}
    assert len(comp.biggest_gaps) == 3
    got = [r.criterion for r in comp.biggest_gaps]
    ranked = sorted(("convener", "purpose", "common_ground", "pie"), key=lambda c: -gaps[c])
    assert got == ranked[:3]


def test_weakest_are_the_learners_lowest_with_predictions(rubric: Rubric, content: Content) -> None:
    case = content.cases["tamarack-imaging-network"]
    scores = dict.fromkeys(ELEMENTS + CONTRASTS, 3)
    scores.update(charter=1, time=0, common_pain=1, needs=1)
    comp = compare(rubric, scores, "both", case)
    assert [(r.criterion, r.learner) for r, _ in comp.weakest] == [
        ("time", 0),
        ("common_pain", 1),
        ("charter", 1),
    ]
    for r, predicts in comp.weakest:
        assert predicts == rubric.criterion(r.criterion).weak_predicts
    assert "Time (0)" in comp.verdict


def test_weakest_falls_back_to_the_lowest_when_nothing_is_below_two(rubric: Rubric) -> None:
    scores = dict.fromkeys(ELEMENTS, 4)
    scores.update(leadership=2, charter=3)
    comp = compare(rubric, scores, "elements")
    assert [(r.criterion, r.learner) for r, _ in comp.weakest] == [("leadership", 2)]


# ---------------------------------------------------------------------- own alliance


def test_own_alliance_has_no_reference(rubric: Rubric) -> None:
    scores = dict.fromkeys(ELEMENTS, 3) | dict.fromkeys(CONTRASTS, 1)
    comp = compare(rubric, scores, "both", None)
    assert comp.complete
    assert comp.agreement is None
    assert comp.biggest_gaps == []
    assert all(r.reference is None and r.gap is None and r.reason is None for r in comp.rows)
    assert quadrant_in(comp.verdict) == ["well built"]
    assert "reference" not in comp.verdict
    assert comp.to_rows()[0]["reference"] is None


@pytest.mark.parametrize(
    ("elements", "contrasts", "expected"),
    [(4, 4, "spiral in"), (3, 2, "well built"), (2, 3, "good spirit"), (0, 0, "at risk")],
)
def test_own_alliance_quadrants(
    rubric: Rubric, elements: int, contrasts: int, expected: str
) -> None:
    scores = dict.fromkeys(ELEMENTS, elements) | dict.fromkeys(CONTRASTS, contrasts)
    comp = compare(rubric, scores, "both")
    assert quadrant_in(comp.verdict) == [expected]
    assert 2 <= comp.verdict.count(". ") + 1 <= 3, comp.verdict


def test_elements_lens_is_a_joining_checklist(rubric: Rubric) -> None:
    scores = dict.fromkeys(ELEMENTS, 4)
    scores["convener"] = 1
    comp = compare(rubric, scores, "elements")
    assert comp.spirit is None
    assert comp.structure == pytest.approx(((N_E - 1) * 4 + 1) / N_E)
    assert "Convener of stature" in comp.verdict
    assert "hesitate" in comp.verdict
    assert quadrant_in(comp.verdict) == []

    sound = compare(rubric, dict.fromkeys(ELEMENTS, 3), "elements")
    assert "hesitate" not in sound.verdict
    assert "spirit" in sound.verdict  # structure alone does not decide the spiral


def test_contrasts_lens_reads_the_spirit(rubric: Rubric) -> None:
    fear = compare(rubric, dict.fromkeys(CONTRASTS, 1), "contrasts")
    trust = compare(rubric, dict.fromkeys(CONTRASTS, 3), "contrasts")
    assert fear.structure is None and trust.structure is None
    assert fear.spirit == 1 and trust.spirit == 3
    assert "Fear & Me" in fear.verdict and "spiral out" in fear.verdict
    assert "Trust & We" in trust.verdict and "spiral in" in trust.verdict


def test_verdict_is_plain_text(content: Content, rubric: Rubric) -> None:
    for case in content.cases.values():
        for lens in ("elements", "contrasts", "both"):
            verdict = compare(rubric, reference_scores(case), lens, case).verdict  # type: ignore[arg-type]
            assert "<" not in verdict and ">" not in verdict
            assert verdict.strip() == verdict and verdict.endswith(".")


# ------------------------------------------------------------------------ incomplete


def test_incomplete_scoring_says_how_many_remain(content: Content, rubric: Rubric) -> None:
    case = content.cases["dermavel-copromotion"]
    scores = {k: v for k, v in reference_scores(case).items() if k in ELEMENTS[:5]}
    comp = compare(rubric, scores, "both", case)
    assert not comp.complete
    left = N_E + N_C - 5
    assert f"{left} remain" in comp.verdict
    assert quadrant_in(comp.verdict) == []
    assert [r.learner is None for r in comp.rows].count(True) == left
    assert row(comp, "pie").gap is None and row(comp, "pie").level_text is None
    assert comp.agreement == 1.0  # over the five scored so far
    assert comp.spirit is None

    one_left = {k: v for k, v in reference_scores(case).items() if k != "conflict"}
    assert "1 remains" in compare(rubric, one_left, "both", case).verdict

    empty = compare(rubric, {}, "contrasts", case)
    assert not empty.complete and f"{N_C} remain" in empty.verdict
    assert empty.agreement is None and empty.weakest == [] and empty.spirit is None


def test_compare_ignores_other_lenses_and_refuses_bad_values(rubric: Rubric) -> None:
    comp = compare(rubric, dict.fromkeys(ELEMENTS, 2) | {"pie": 4, "nonsense": 9}, "elements")
    assert comp.complete and len(comp.rows) == N_E
    with pytest.raises(ValueError, match="convener"):
        compare(rubric, {"convener": 5}, "elements")
    with pytest.raises(ValueError, match="convener"):
        compare(rubric, {"convener": True}, "elements")  # type: ignore[dict-item]


# ------------------------------------------------------------------------ validation


def test_validate_scores_drops_junk(rubric: Rubric) -> None:
    raw: dict[str, object] = {
        "common_pain": "x",
        "convener": 7,
        "representatives": -1,
        "leadership": True,
        "purpose": 2.0,
        "charter": None,
        "northbound_train": 0,
        "common_ground": 4,
        "pie": 3,  # a contrast: outside the elements lens
        "not_a_criterion": 2,
    }
    assert validate_scores(rubric, raw, "elements") == {"northbound_train": 0, "common_ground": 4}
    assert validate_scores(rubric, raw, "both") == {
        "northbound_train": 0,
        "common_ground": 4,
        "pie": 3,
    }
    assert validate_scores(rubric, {"pie": False, "time": 1}, "contrasts") == {"time": 1}
    every = {c: i % 5 for i, c in enumerate(ELEMENTS + CONTRASTS)}
    assert validate_scores(rubric, every, "both") == every


# ------------------------------------------------------------------------------- CSV


def test_csv_round_trips(content: Content, rubric: Rubric) -> None:
    case = content.cases["serra-alta-smart-meters"]
    scores = reference_scores(case)
    del scores["time"]
    scores["purpose"] = 3
    comp = compare(rubric, scores, "both", case)
    text = to_csv(comp)
    assert text.splitlines()[0] == "criterion,name,lens,your_score,reference_score,gap"
    parsed = list(csv.reader(io.StringIO(text)))
    assert tuple(parsed[0]) == CSV_HEADER
    body = parsed[1:]
    assert len(body) == N_E + N_C
    for line, r in zip(body, comp.rows, strict=True):
        assert line[:3] == [r.criterion, r.name, r.lens]
        assert line[3:] == ["" if v is None else str(v) for v in (r.learner, r.reference, r.gap)]
    purpose = next(line for line in body if line[0] == "purpose")
    assert purpose[5] == str(3 - case.reference.elements["purpose"].score)  # type: ignore[index]
    assert next(line for line in body if line[0] == "time")[3] == ""


def test_csv_escapes_commas_and_quotes(rubric: Rubric) -> None:
    crits: list[Criterion] = [
        c.model_copy(update={"name": 'Pain, "shared" or not'}) if c.id == "common_pain" else c
        for c in rubric.criteria
    ]
    odd = Rubric(levels=rubric.levels, criteria=crits)
    comp = compare(odd, {"common_pain": 2}, "elements")
    text = to_csv(comp)
    assert '"Pain, ""shared"" or not"' in text
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[1][:4] == ["common_pain", 'Pain, "shared" or not', "elements", "2"]
    assert len(parsed) == 1 + N_E
    assert all(len(line) == 6 for line in parsed)


def test_to_rows_matches_rows(rubric: Rubric) -> None:
    comp = compare(rubric, {"pie": 1}, "contrasts")
    rows = comp.to_rows()
    assert [set(r) for r in rows] == [
        {"criterion", "name", "lens", "learner", "reference", "gap"}
    ] * 5
    assert rows[0] == {
        "criterion": "pie",
        "name": "The pie",
        "lens": "contrasts",
        "learner": 1,
        "reference": None,
        "gap": None,
    }
