"""The content layer: every file loads, and a broken file names file, line and field."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from trustvalue_course.content import Content, load_content
from trustvalue_course.content.yamlsource import ContentError, Problem


def test_every_statement_has_an_answer_and_an_explanation(content: Content) -> None:
    assert len(content.statements) >= 150
    for st in content.statements.values():
        assert st.answers, st.id
        assert len(st.explanation.split()) >= 8, f"{st.id}: explanation too thin"
        for scheme, cat in st.answers.items():
            assert cat in content.schemes[scheme].category_ids


def test_module_two_bank_is_big_and_balanced(content: Content) -> None:
    bank = [
        s
        for s in content.statements.values()
        if "perspective" in s.answers and "contrast" in s.answers
    ]
    assert len(bank) >= 30
    per_perspective = Counter(s.answers["perspective"] for s in bank)
    assert abs(per_perspective["fear_me"] - per_perspective["trust_we"]) <= 2
    per_contrast = Counter(s.answers["contrast"] for s in bank)
    assert set(per_contrast) == {"pie", "needs", "time", "value", "conflict"}
    assert max(per_contrast.values()) - min(per_contrast.values()) <= 2


def test_no_category_has_fewer_than_eight_statements(content: Content) -> None:
    for scheme in content.schemes.values():
        counts = Counter(s.answers[scheme.id] for s in content.statements_for(scheme.id))
        for cat in scheme.category_ids:
            assert counts[cat] >= 8, f"{scheme.id}/{cat} has {counts[cat]} statements"


def test_statement_texts_are_unique(content: Content) -> None:
    texts = Counter(s.text.lower() for s in content.statements.values())
    assert [t for t, n in texts.items() if n > 1] == []


def test_selection_is_balanced_and_repeatable(content: Content) -> None:
    first = content.select("contrast", 10)
    assert [s.id for s in first] == [s.id for s in content.select("contrast", 10)]
    assert Counter(s.answers["contrast"] for s in first) == Counter(
        {"pie": 2, "needs": 2, "time": 2, "value": 2, "conflict": 2}
    )
    only = content.select("contrast", None, {"contrast": ["pie"]})
    assert only and all(s.answers["contrast"] == "pie" for s in only)


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _first_problem_after(root: Path, rel: str, old: str, new: str) -> Problem:
    """Break ``rel`` under ``root``; the first problem reported must name that file and line."""
    path = root / rel
    _break(path, old, new)
    line = _line_of(path, new)
    with pytest.raises(ContentError) as err:
        load_content(root)
    problem = err.value.problems[0]
    assert problem.file == rel
    assert problem.line == line
    return problem


def test_wrong_category_names_file_line_and_field(content_copy: Path) -> None:
    problem = _first_problem_after(
        content_copy, "statements/perspectives.yaml", "perspective: fear_me", "perspective: fear-me"
    )
    assert problem.field.endswith(".answers.perspective")
    assert "'fear-me' is not one of: fear_me, trust_we" in str(problem)


def test_missing_explanation_points_at_the_statement(content_copy: Path) -> None:
    bank = content_copy / "statements" / "perspectives.yaml"
    lines = bank.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "explanation:" in line)
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1  # drop the folded continuation lines too
    bank.write_text("".join(lines[:start] + lines[end:]))
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    problem = err.value.problems[0]
    assert problem.field == "statements[0].explanation"
    assert "required" in problem.message
    assert problem.line is not None and problem.line < start + 1


def test_yaml_syntax_error_gives_the_line(content_copy: Path) -> None:
    cases = sorted((content_copy / "cases").glob("*.yaml"))
    target = cases[0] if cases else content_copy / "schemes.yaml"
    text = target.read_text().splitlines()
    text.insert(3, "  broken: [unclosed")
    target.write_text("\n".join(text) + "\n")
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    problem = err.value.problems[0]
    assert problem.file.endswith(target.name)
    assert problem.line is not None and 4 <= problem.line <= 6
    assert "not valid YAML" in problem.message


def test_unknown_field_and_raw_html_are_refused(content_copy: Path) -> None:
    bank = content_copy / "statements" / "perspectives.yaml"
    _break(bank, "    explanation:", "    explanaton:")
    _break(bank, "    text: ", "    text: <img src=x onerror=alert(1)> ")
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    messages = "\n".join(str(p) for p in err.value.problems)
    assert "explanaton: unknown field" in messages
    assert "raw HTML is not allowed" in messages


def test_duplicate_ids_across_files_are_reported(content_copy: Path) -> None:
    first = (content_copy / "statements" / "perspectives.yaml").read_text()
    (content_copy / "statements" / "zz-copy.yaml").write_text(first)
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    assert "is already used in statements/perspectives.yaml" in str(err.value)
    assert err.value.problems[0].file == "statements/zz-copy.yaml"


def test_module_activity_must_name_a_real_scheme(content_copy: Path) -> None:
    module = content_copy / "modules" / "02-two-perspectives.yaml"
    _break(module, "scheme: perspective", "scheme: perspectives")
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    problem = err.value.problems[0]
    assert problem.file == "modules/02-two-perspectives.yaml"
    assert problem.field.endswith("activity.scheme")
    assert problem.line == _line_of(module, "scheme: perspectives")


def test_validate_command_reports_and_exits_nonzero(content_copy: Path) -> None:
    bank = content_copy / "statements" / "perspectives.yaml"
    cmd = [sys.executable, "-m", "trustvalue_course.content.validate"]
    ok = subprocess.run([*cmd, str(bank)], capture_output=True, text=True)
    assert ok.returncode == 0 and "valid" in ok.stdout
    _break(bank, "contrast: pie", "contrast: cake")
    bad = subprocess.run([*cmd, str(bank)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"line {_line_of(bank, 'contrast: cake')}" in bad.stderr
    assert "field statements[" in bad.stderr
    whole = subprocess.run([*cmd, "--root", str(content_copy)], capture_output=True, text=True)
    assert whole.returncode == 1 and "'cake' is not one of" in whole.stderr


def test_cases_are_varied_original_and_the_right_length(content: Content) -> None:
    original = [c for c in content.cases.values() if c.outcome != "historical"]
    assert len(original) >= 6
    outcomes = Counter(c.outcome for c in original)
    assert min(outcomes["thriving"], outcomes["failing"], outcomes["mixed"]) >= 2, outcomes
    assert len({c.industry for c in original}) == len(original), "industries repeat"
    assert len({c.region for c in original}) >= 5
    lloyds = content.cases["lloyds-coffee-house"]
    assert lloyds.outcome == "historical" and "Lloyd" in lloyds.story
    for case in content.cases.values():
        assert 300 <= len(case.story.split()) <= 600, case.id
        for part in (case.reference.elements, case.reference.contrasts):
            for reason in part.values():
                assert len(reason.reason.split()) >= 8, case.id


def test_reference_profiles_cover_structure_and_spirit(content: Content) -> None:
    """The capstone needs cases where structure and spirit disagree (the course's B1)."""

    def means(case_id: str) -> tuple[float, float]:
        ref = content.cases[case_id].reference
        return (
            sum(r.score for r in ref.elements.values()) / len(ref.elements),
            sum(r.score for r in ref.contrasts.values()) / len(ref.contrasts),
        )

    quadrants = {(s >= 2.5, t >= 2.5) for s, t in map(means, content.cases)}
    assert {(True, False), (False, True), (True, True)} <= quadrants


def test_rubric_describes_every_level_of_every_criterion(content: Content) -> None:
    assert content.rubric is not None
    ids = [c.id for c in content.rubric.criteria]
    assert len(ids) == len(set(ids))
    for crit in content.rubric.criteria:
        texts = [crit.levels[n] for n in range(5)]
        assert len(set(texts)) == 5, crit.id
        assert crit.weak_predicts and crit.question.endswith("?"), crit.id


def test_fast_parser_reads_every_file_as_the_positional_parser_does() -> None:
    """The C-speed loader must never read content differently from ruamel (YAML 1.2)."""
    from trustvalue_course.content import CONTENT_DIR
    from trustvalue_course.content.yamlsource import _plain, _ruamel_parse, read_yaml

    files = sorted(CONTENT_DIR.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        doc = read_yaml(path)
        assert doc.data == _plain(_ruamel_parse(doc.text, path.name)), path.name


def test_yes_no_stay_text_and_duplicate_keys_are_refused(tmp_path: Path) -> None:
    from trustvalue_course.content.yamlsource import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text("a: yes\nb: off\nc: true\n")
    assert read_yaml(path).data == {"a": "yes", "b": "off", "c": True}
    path.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(ContentError) as err:
        read_yaml(path)
    assert err.value.problems[0].line == 3 and "duplicate" in str(err.value)


def test_no_statement_is_shown_in_two_activities(content: Content) -> None:
    seen: dict[str, str] = {}
    for module in content.modules.values():
        for act in module.activities:
            if act.widget != "sorter":
                continue
            dealt = content.activity_statements(act.id)
            assert len(dealt) == act.count, act.id
            counts = Counter(s.answers[act.scheme] for s in dealt)
            assert max(counts.values()) - min(counts.values()) <= 1, (act.id, counts)
            for st in dealt:
                assert st.id not in seen, f"{st.id} in {seen.get(st.id)} and {act.id}"
                seen[st.id] = act.id


def test_every_reflection_offers_a_course_case_and_a_strong_answer(content: Content) -> None:
    """A learner without an alliance of their own is pointed at a named course case."""
    for module in content.modules.values():
        for reflection in module.reflections:
            assert reflection.fallback_case in content.cases, f"{module.id}/{reflection.id}"
            title = content.cases[reflection.fallback_case].title
            name = next(w for w in title.split() if w[0].isupper() and w != "The")
            assert name in reflection.prompt, f"{module.id}: prompt does not name {title!r}"
            assert reflection.sample and len(reflection.sample.split()) >= 60, module.id


def test_unknown_fallback_case_names_file_line_and_field(content_copy: Path) -> None:
    problem = _first_problem_after(
        content_copy,
        "modules/03-trust-spiral.yaml",
        "fallback_case: dermavel-copromotion",
        "fallback_case: dermavel",
    )
    assert problem.field.endswith("reflection.fallback_case")
    assert "no case called 'dermavel'" in problem.message


def test_sample_answer_follows_the_answer_cell_for_self_study_only() -> None:
    """The strong answer comes after the learner's own cell, folded, tagged for self-study."""
    import json

    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "modules").glob("0*/0*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        ids = [c.get("id") for c in cells]
        sample = cells[ids.index("r1-sample")]
        assert ids.index("r1-sample") == ids.index("r1-answer") + 1, path.name
        assert sample["metadata"].get("tags") == ["self-study-only"], path.name
        text = "".join(sample["source"])
        assert text.startswith("<details>") and "only after you have written yours" in text
        assert "Grading guide" not in text, path.name
