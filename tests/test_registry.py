"""One registry of widget kinds, one list of criteria: everything else follows them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from trustvalue_course.content import Content, load_content
from trustvalue_course.content.models import Activity
from trustvalue_course.content.yamlsource import ContentError
from trustvalue_course.kinds import KINDS, activity_done
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_course.publishing import module_notebook
from trustvalue_widgets import Scorecard, activity

REQUIRED = {"scheme": "contrast", "case": "own"}


def finish(widget: Any, content: Content) -> None:
    """Do the whole activity, as a learner in the browser would."""
    kind = widget.kind
    if kind == "sorter":
        for st in widget.statements:
            widget.place(st.id, st.answers[widget._scheme.id])
    elif kind == "scorecard":
        for crit in widget._criteria:
            widget.score(crit["id"], 2)
        widget.show_answers()
    elif kind == "spiral":
        widget.openness = 0.9
    else:  # pragma: no cover - a new kind must say here how it is finished
        raise AssertionError(f"tell this test how a learner finishes a {kind}")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_activity_build_and_progress_agree(
    kind: str, content: Content, tmp_path: Path
) -> None:
    entry = KINDS[kind]
    # The schema accepts the kind (with the fields it requires) and refuses it without them.
    fields = {name: REQUIRED[name] for name, _why in entry.requires}
    Activity(id="x", widget=kind, intro="Try it.", **fields)
    for name, why in entry.requires:
        with pytest.raises(ValidationError, match=why.split(" (")[0]):
            Activity(id="x", widget=kind, intro="Try it.", **{**fields, name: None})

    # A packaged activity of this kind builds the kind's widget through activity().
    acts = [a for m in content.modules.values() for a in m.activities if a.widget == kind]
    assert acts, f"no module uses the {kind} kind"
    act = acts[0]
    widget = activity(act.id, save_dir=str(tmp_path))
    assert isinstance(widget, entry.widget_class()) and widget.kind == kind

    # The build titles it; progress reads its saved answers.
    untitled = act.model_copy(update={"title": None})
    assert module_notebook.activity_text(untitled).startswith(f"### {entry.title}\n")
    store = AnswerStore(tmp_path)
    assert not activity_done(content, act, store.load(act.id).data)
    finish(widget, content)
    assert activity_done(content, act, store.load(act.id).data)


def test_course_map_is_no_activity_kind() -> None:
    with pytest.raises(ValidationError, match="sorter"):
        Activity(id="x", widget="course_map", intro="The map.")


def test_a_sorter_narrowed_by_where_shows_only_the_categories_in_play(
    content: Content, tmp_path: Path
) -> None:
    _module, act = content.activity("m02-sort-pie-needs")
    assert act.where == {"contrast": ["pie", "needs"]}
    sorter = activity(act.id, save_dir=str(tmp_path))
    assert [c["id"] for c in sorter._categories] == ["pie", "needs"]
    sorter.place(sorter.statements[0].id, "time")  # not in play: refused
    assert sorter.placements == {}


# ------------------------------------------------------------------ criteria


NEW_CRITERION = """
  - id: shared_data
    lens: elements
    name: "Shared data"
    question: "Do the partners see the same figures about the problem they share?"
    levels:
      0: "Own figures only: each partner keeps its own figures and trusts no one else's."
      1: "Swapped late: figures are swapped now and then, late and incomplete."
      2: "Key figures private: some figures are shared, but the key ones stay private."
      3: "Shared on schedule: most figures are shared on a schedule everyone keeps."
      4: "One set for all: one set of figures, open to every partner, settles arguments."
    weak_predicts: "Arguments about whose numbers are right will crowd out the work."
"""


def add_criterion(root: Path, to_cases: bool = True) -> None:
    rubric = root / "rubric.yaml"
    text = rubric.read_text()
    marker = "  - id: pie\n"
    rubric.write_text(text.replace(marker, NEW_CRITERION.lstrip("\n") + "\n" + marker, 1))
    if to_cases:
        for case in (root / "cases").glob("*.yaml"):
            text = case.read_text()
            # A reason quotes the story's words that decide it: here, the story's first words.
            opening = " ".join(text.split("story: |", 1)[1].split()[:4]).replace('"', "")
            score = (
                "    shared_data:\n      score: 2\n"
                f"      reason: 'Figures are shared in part, as \"{opening}\" shows.'\n"
            )
            case.write_text(text.replace("  contrasts:\n", score + "  contrasts:\n", 1))


def test_a_new_criterion_flows_to_cases_and_the_scorecard(content_copy: Path) -> None:
    add_criterion(content_copy)
    content = load_content(content_copy)
    assert content.rubric is not None
    elements = content.rubric.ids("elements")
    assert elements[-1] == "shared_data" and len(elements) == 9
    case = next(iter(content.cases.values()))
    card = Scorecard(content.rubric, case, lens="both")
    assert "shared_data" in [c["id"] for c in card._criteria]
    assert card._lenses["elements"].startswith("The nine elements")
    for crit in card._criteria:
        card.score(crit["id"], 2)
    card.show_answers()
    assert card._result["references"]["shared_data"] == 2
    rows = list(csv.reader(io.StringIO(card._result["csv"])))
    assert ["shared_data", "Shared data", "elements", "2", "2", "0"] in rows


def test_a_case_missing_a_criterion_says_which_and_where(content_copy: Path) -> None:
    add_criterion(content_copy, to_cases=False)
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    problems = err.value.problems
    assert len(problems) == len(list((content_copy / "cases").glob("*.yaml")))
    first = problems[0]
    assert first.file.startswith("cases/") and first.field == "reference.elements"
    assert "shared_data" in first.message and first.line is not None


# ------------------------------------------------------------------ front end


def test_widget_modules_import_their_helpers_and_python_alone_decides() -> None:
    import base64
    import re

    from trustvalue_widgets import CourseMap, SpiralSimulator, StatementSorter
    from trustvalue_widgets.base import STATIC

    common = (STATIC / "common.js").read_text()
    for widget in (StatementSorter, Scorecard, SpiralSimulator, CourseMap):
        code = widget._esm
        assert "./common.js" not in code and "function h(" not in code
        (encoded,) = re.findall(r'from "data:text/javascript;base64,([^"]+)"', code)
        assert base64.b64decode(encoded).decode() == common
    # The browser sends intents; what they mean lives in Python only.
    assert "correct !== false" not in (STATIC / "sorter.js").read_text()
    assert "spiralling" not in (STATIC / "spiral.js").read_text()


def send(widget: Any, name: str) -> None:
    """What common.js's intent() sends: a fresh value of the ``_intent`` trait."""
    widget.set_state({"_intent": {"name": name, "n": f"{name}-{id(widget)}-{len(name)}"}})


def test_intents_from_the_browser_mean_what_python_says(content: Content, tmp_path: Path) -> None:
    sorter = activity("m02-sort-perspective", save_dir=str(tmp_path))
    first, second = sorter.statements[:2]
    wrong = next(c for c in sorter._scheme.category_ids if c != first.answers["perspective"])
    sorter.place(first.id, wrong)
    sorter.place(second.id, second.answers["perspective"])
    send(sorter, "reveal")
    assert sorter.revealed
    send(sorter, "delete-everything")  # unknown: ignored
    send(sorter, "retry")
    assert not sorter.revealed and sorter.placements == {second.id: second.answers["perspective"]}
    send(sorter, "reset")
    assert sorter.placements == {} and sorter.score["placed"] == 0
    card = activity("m07-score-a", save_dir=str(tmp_path))
    send(card, "reveal")
    assert card.revealed
