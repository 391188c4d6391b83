"""The rubric can be told apart, and every reference score rests on words of its story."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustvalue_course.content import Content, calibrate
from trustvalue_course.content.checks import _normal, quoted_phrases
from trustvalue_course.content.models import LENSES, SILENT


def test_every_level_starts_with_a_sign_its_neighbours_do_not_share(content: Content) -> None:
    assert content.rubric is not None
    assert len(content.rubric.criteria) == 13
    for crit in content.rubric.criteria:
        signs = crit.signs()
        assert all(signs.values()), crit.id
        for n in range(4):
            low, high = signs[n], signs[n + 1]
            assert low and high and low.lower() != high.lower(), (crit.id, n)
            assert low.lower() not in crit.levels[n + 1].lower(), (crit.id, n)
            assert high.lower() not in crit.levels[n].lower(), (crit.id, n)
        assert crit.sign_clashes() == []


def test_where_readers_split_the_rubric_says_how_to_tell_levels_apart(content: Content) -> None:
    assert content.rubric is not None
    for crit in content.rubric.criteria:
        assert crit.tell_apart, f"{crit.id}: no tell_apart note"


def test_each_lens_says_what_to_score_when_a_story_is_silent(content: Content) -> None:
    assert content.rubric is not None
    assert set(content.rubric.silent) == set(LENSES)


def test_the_value_levels_fit_yardsticks_other_than_revenue(content: Content) -> None:
    assert content.rubric is not None
    value = content.rubric.criterion("value")
    assert not any("revenue" in text.lower() for text in value.levels.values())


def test_every_reference_reason_quotes_words_of_its_story(content: Content) -> None:
    assert content.rubric is not None
    checked = 0
    for case in content.cases.values():
        story = _normal(case.story)
        assert case.scored_at, f"{case.id}: say which moment is scored"
        for lens in LENSES:
            scoring = case.reference.lens(lens)
            assert list(scoring) == content.rubric.ids(lens)
            for key, ref in scoring.items():
                phrases = quoted_phrases(ref.reason)
                assert phrases, f"{case.id}/{key}: quote the story"
                for phrase in phrases:
                    assert _normal(phrase) in story, f"{case.id}/{key}: {phrase!r}"
                if SILENT in _normal(ref.reason):
                    assert ref.score == content.rubric.silent[lens].score, (case.id, key)
                checked += 1
    assert checked == 91


def test_a_blind_packet_holds_no_reference(content: Content, tmp_path: Path) -> None:
    written = calibrate.write_packet(content, tmp_path)
    assert {p.name for p in written} == {
        "rubric.md",
        "score-sheet.yaml",
        *(f"{c}.md" for c in content.cases),
    }
    text = "\n".join(p.read_text() for p in written)
    for case in content.cases.values():
        assert case.summary not in text
        assert case.story.strip().split("\n")[0] in text
        for lens in LENSES:
            for ref in case.reference.lens(lens).values():
                assert ref.reason not in text
    assert "outcome" not in text.lower()


def _sheet(content: Content, path: Path, shift: dict[tuple[str, str], int]) -> Path:
    lines = ["reader: r1", "scores:"]
    for case in content.cases.values():
        lines.append(f"  {case.id}:")
        for lens in LENSES:
            for key, ref in case.reference.lens(lens).items():
                score = min(4, max(0, ref.score + shift.get((case.id, key), 0)))
                lines.append(f"    {key}: {{score: {score}, note: ''}}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_compare_reports_agreement_and_what_to_rewrite(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = _sheet(content, tmp_path / "a.yaml", {})
    far = _sheet(content, tmp_path / "b.yaml", {("tamarack-imaging-network", "charter"): -2})
    assert calibrate.main(["compare", str(same), str(far)]) == 0
    out = capsys.readouterr().out
    assert "exact 91/91 (100%)" in out
    assert "rewrite tamarack-imaging-network / charter: reader 1, reference 3" in out
    assert "1 score(s) two or more levels apart" in out


def test_a_score_sheet_with_a_bad_score_names_its_line(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "c.yaml"
    sheet.write_text("scores:\n  klipvlei-water-pact:\n    pie: 7\n    pies: 1\n")
    assert calibrate.main(["compare", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert "line 3, field scores.klipvlei-water-pact.pie: 7 is not 0-4" in err
    assert "line 4, field scores.klipvlei-water-pact.pies: not a criterion" in err
