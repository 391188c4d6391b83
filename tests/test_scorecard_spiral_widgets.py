"""Scorecard and spiral widgets from Python: write what the browser writes, read what comes back."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from trustvalue_course.content import Content
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.learning.spiral import simulate
from trustvalue_widgets import Scorecard, ScorecardApp, SpiralSimulator, activity
from trustvalue_widgets.charts import LEARNER_COLOUR, REFERENCE_COLOUR


@pytest.fixture
def store(tmp_path: Path) -> AnswerStore:
    return AnswerStore(tmp_path / "saved-answers")


def reference_scores(content: Content, case_id: str) -> dict[str, int]:
    ref = content.cases[case_id].reference
    return {
        **{k: v.score for k, v in ref.elements.items()},
        **{k: v.score for k, v in ref.contrasts.items()},
    }


def test_reference_stays_hidden_until_the_learner_asks(
    content: Content, store: AnswerStore
) -> None:
    card = Scorecard.for_activity("m07-score-a", content=content, store=store)
    ref = reference_scores(content, "dermavel-copromotion")
    card.scores = dict(ref)
    state = json.dumps(card.get_state())
    for reason in content.cases["dermavel-copromotion"].reference.elements.values():
        assert reason.reason not in state
    n = len(content.rubric.criteria)  # type: ignore[union-attr]
    assert card._result == {"complete": True, "scored": n, "total": n}
    card.revealed = True  # the "Compare with the reference" button
    assert card._result["agreement"] == 1.0
    assert card._result["gaps"] == []
    assert card._result["svg"].startswith("<svg")
    assert "Common pain: you" in card._result["alt"]
    # The legend draws each mark as the chart does: an open ring for you, a filled
    # diamond for the reference.
    symbols = re.findall(r'role-legend-symbol"[^>]*><path ([^>]*)>', card._result["svg"])
    legend = [s.split('d="', 1)[1].split('"', 1)[0] for s in symbols]
    assert len(symbols) == 2 and legend[0].startswith("M5,0A") and legend[1].startswith("M-5,0L")
    assert f'fill="#ffffff" stroke="{LEARNER_COLOUR}"' in symbols[0]
    assert f'fill="{REFERENCE_COLOUR}"' in symbols[1]


def test_a_big_gap_is_named_with_the_reference_reason(content: Content, store: AnswerStore) -> None:
    card = Scorecard.for_activity("m07-score-a", content=content, store=store)
    ref = reference_scores(content, "dermavel-copromotion")
    off = "pie" if ref["pie"] <= 1 else "common_pain"
    scores = dict(ref)
    scores[off] = 4 if ref[off] <= 1 else 0
    card.scores = scores
    card.revealed = True
    gap = card._result["gaps"][0]
    reasons = {
        **content.cases["dermavel-copromotion"].reference.elements,
        **content.cases["dermavel-copromotion"].reference.contrasts,
    }
    assert gap["reason"] == reasons[off].reason
    assert gap["learner"] == scores[off] and gap["reference"] == ref[off]
    assert card._result["weakest"] and card._result["weakest"][0]["predicts"]


def test_junk_scores_from_the_browser_are_dropped(content: Content, store: AnswerStore) -> None:
    card = Scorecard.for_activity("m07-score-a", content=content, store=store)
    card.scores = {"common_pain": 3, "convener": 9, "charter": "4", "nonsense": 1, "pie": True}
    assert card.scores == {"common_pain": 3}


def test_scores_survive_a_new_instance(content: Content, store: AnswerStore) -> None:
    card = Scorecard.for_activity("m07-score-b", content=content, store=store)
    card.score("purpose", 1)
    card.score("time", 4)
    card.revealed = True
    again = Scorecard.for_activity("m07-score-b", content=content, store=store)
    assert again.scores == {"purpose": 1, "time": 4} and again.revealed
    assert again._result["verdict"] == card._result["verdict"]


def test_own_alliance_has_no_reference_and_exports(
    content: Content, store: AnswerStore, tmp_path: Path
) -> None:
    card = Scorecard.for_activity("m07-score-own", content=content, store=store)
    card.title = "Harbour <script>alert(1)</script> pact"
    for crit in card._criteria:
        card.score(crit["id"], 3)
    card.revealed = True
    assert card._result["gaps"] == [] and card._result["agreement"] is None
    assert "references" not in card._result or card._result["references"] == {}
    csv_path, svg_path = card.export(tmp_path / "exports")
    rows = list(csv.reader(io.StringIO(csv_path.read_text())))
    assert rows[0][:2] == ["criterion", "name"] and len(rows) == 1 + len(card._criteria)
    svg = svg_path.read_text()
    assert svg.startswith("<svg") and "<script>" not in svg  # the title is escaped text in SVG
    assert "Harbour &lt;script&gt;" in svg


def test_scorecard_app_switches_case(content: Content, tmp_path: Path) -> None:
    app = ScorecardApp(content)
    first = app.scorecard._case["title"]
    other = next(cid for cid in content.cases if content.cases[cid].title != first)
    app.chooser.value = other
    assert app.scorecard._case["title"] == content.cases[other].title
    assert app.children[1] is app.scorecard


def test_spiral_sliders_redraw_and_save(store: AnswerStore) -> None:
    sim = SpiralSimulator(activity_id="m03-spiral", store=store)
    assert sim._direction == "spiralling in"
    before = sim._series
    sim.openness = 0.0  # what dragging a slider writes
    sim.patience = 0.0
    sim.shared_perspective = 0.1
    sim.shock = True
    assert sim._direction == "spiralling out"
    assert "month 12" in sim._summary.lower() and sim._shock_at == 12
    # The browser draws exactly the model's months, one level per month and line.
    history = simulate(sim.params)
    assert sim._series != before
    assert [line["id"] for line in sim._series] == [
        "trust",
        "communication",
        "shared_perspective",
        "value",
    ]
    for line in sim._series:
        assert line["levels"] == [round(getattr(m, line["id"]), 4) for m in history]
    sim.shock = False
    assert sim._shock_at is None
    sim.shock = True
    again = SpiralSimulator(activity_id="m03-spiral", store=store)
    assert (again.openness, again.shock, again._direction) == (0.0, True, "spiralling out")


def test_the_browser_cannot_write_what_the_kernel_draws(store: AnswerStore) -> None:
    """A forged page may send any trait: the chart's numbers, the verdict and the notice
    stay the kernel's; a shock month outside the 36 months is brought inside."""
    sim = SpiralSimulator(activity_id="m03-spiral", store=store)
    drawn = (sim._series, sim._summary, sim._direction, sim._months)
    sim.set_state(
        {
            "_series": [{"id": "trust", "levels": [1.0]}],
            "_summary": "<script>alert(1)</script>",
            "_direction": "spiralling in",
            "_months": 10**9,
            "_notice": "Your work is lost",
        }
    )
    assert (sim._series, sim._summary, sim._direction, sim._months) == drawn
    assert sim._notice == ""
    sim.set_state({"shock": True, "shock_month": 100})
    assert sim.shock_month == 36 and sim._shock_at == 36
    sim.set_state({"shock_month": -5})
    assert sim.shock_month == 1 and sim._shock_at == 1
    saved = json.loads(store.path("m03-spiral").read_text())
    assert saved["settings"]["shock_month"] == 1


def test_spiral_rejects_out_of_range_values(store: AnswerStore) -> None:
    sim = SpiralSimulator(activity_id="m03-spiral", store=store)
    sim.openness = 7.0
    assert sim.openness == 1.0
    sim.patience = float("nan")
    assert sim.patience == 0.0


def test_activity_builds_every_widget_kind(content: Content, tmp_path: Path) -> None:
    kinds = {act.widget for m in content.modules.values() for act in m.activities}
    built = {
        act.widget: type(activity(act.id, save_dir=str(tmp_path))).__name__
        for m in content.modules.values()
        for act in m.activities
    }
    assert kinds == set(built)
    assert built["scorecard"] == "Scorecard" and built["spiral"] == "SpiralSimulator"
