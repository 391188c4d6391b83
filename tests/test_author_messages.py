"""One author mistake, one clear message: file, line, field and a hint where one helps."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustvalue_course.content import load_content
from trustvalue_course.content.validate import main
from trustvalue_course.content.yamlsource import ContentError, Problem

FIRST = """    explanation: >-
      His public view and his real view differ, so the partners never hear his concerns.
      Hiding genuine feelings shows the trait missing.
"""


def broken(root: Path, old: str, new: str, name: str = "statements/ci.yaml") -> list[Problem]:
    path = root / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as err:
        load_content(root)
    return err.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert not problems[0].message.startswith("Value error")
    return problems[0]


def test_missing_explanation_is_one_message(content_copy: Path) -> None:
    p = only(broken(content_copy, FIRST, ""))
    assert (p.file, p.line, p.field) == ("statements/ci.yaml", 4, "statements[0].explanation")
    assert "missing" in p.message


def test_a_field_not_indented_under_its_parent_is_one_message_with_a_hint(
    content_copy: Path,
) -> None:
    p = only(broken(content_copy, "      ci_trait: optimistic", "    ci_trait: optimistic"))
    assert p.field == "statements[1].answers" and p.line == 16
    assert "indent ci_trait two spaces more than answers" in p.message


def test_a_mis_indented_line_names_its_field_and_gives_a_hint(content_copy: Path) -> None:
    old = '    context: "Infrastructure planner'
    p = only(broken(content_copy, old, old.replace("    context", "   context")))  # 3 spaces
    assert p.line == 15 and p.field == "context"
    assert "Hint:" in p.message and "column" in p.message


def test_a_duplicate_id_says_where_the_first_use_is(content_copy: Path) -> None:
    p = only(broken(content_copy, "  - id: ci-002", "  - id: ci-001"))
    assert p.line == 13 and "already used in statements/ci.yaml, line 4" in p.message


def test_a_python_tag_is_refused_in_plain_words(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = '    context: "Colleague of a consortium representative"'
    p = only(broken(content_copy, old, '    context: !!python/object:os.system "Colleague"'))
    assert p.line == 6 and "the tag !!python/object:os.system is not allowed" in p.message
    assert main(["--root", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "1 problem(s) found" in err


def test_statements_are_held_to_8_to_60_words(content_copy: Path) -> None:
    old = '    text: "He says everything is fine'
    line = next(
        ln
        for ln in (content_copy / "statements/ci.yaml").read_text().splitlines()
        if ln.startswith(old)
    )
    words = len(line.split('text: "', 1)[1].rstrip('"').split()) + 65  # 65 words added
    p = only(broken(content_copy, old, '    text: "He says ' + "word " * 65 + "everything is fine"))
    assert p.field == "statements[0].text"
    assert p.message == f"a statement needs 8 to 60 words; this one has {words}"


def test_messages_carry_no_pydantic_prefix(content_copy: Path) -> None:
    old = '    context: "Colleague of a consortium representative"'
    p = only(broken(content_copy, old, '    context: "Colleague <b>of</b> a representative"'))
    assert p.message.startswith("raw HTML is not allowed")


THREE_MISTAKES = """statements:
  - id: zz-001
    text: "We agreed the rebate split before anyone asked what the joint product should do."
    answers:
      perspective: fear-me
      contrast: cake
"""


def _three_mistakes(at: Path) -> Path:
    at.write_text(THREE_MISTAKES)
    return at


def _assert_three(problems: list[Problem], file: str) -> None:
    assert len(problems) == 3, "\n".join(map(str, problems))
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {
        "statements[0].explanation",
        "statements[0].answers.perspective",
        "statements[0].answers.contrast",
    }
    assert all(p.file == file for p in problems)
    assert by_field["statements[0].explanation"].line == 2  # the statement that lacks it
    assert "missing" in by_field["statements[0].explanation"].message
    assert by_field["statements[0].answers.perspective"].line == 5
    assert (
        "'fear-me' is not one of: fear_me, trust_we"
        in by_field["statements[0].answers.perspective"].message
    )
    assert by_field["statements[0].answers.contrast"].line == 6
    assert (
        "'cake' is not one of: pie, needs, time, value, conflict"
        in by_field["statements[0].answers.contrast"].message
    )


def test_three_mistakes_in_a_file_are_three_messages_in_one_pass(content_copy: Path) -> None:
    _three_mistakes(content_copy / "statements" / "new.yaml")
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    _assert_three(err.value.problems, "statements/new.yaml")


def test_make_validate_of_one_file_gives_all_three(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _three_mistakes(content_copy / "statements" / "new.yaml")
    assert main([str(path)]) == 1
    err = capsys.readouterr().err
    assert "3 problem(s) found" in err
    for field in ("explanation", "answers.perspective", "answers.contrast"):
        assert f"{path}, line" in err and f"field statements[0].{field}" in err


def test_a_file_outside_a_content_folder_is_checked_against_the_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _three_mistakes(tmp_path / "x.yaml")  # no folder or name says what it is
    assert main([str(path)]) == 1
    out = capsys.readouterr()
    assert "ok" not in out.out
    assert "3 problem(s) found" in out.err and "'cake' is not one of" in out.err
    path.write_text(THREE_MISTAKES.replace("fear-me", "fear_me").replace("cake", "pie"))
    path.write_text(path.read_text() + "    explanation: Dividing before creating is Fear & Me.\n")
    assert main([str(path)]) == 0
    said = capsys.readouterr().out
    assert "checked against the packaged course's schemes, rubric" in said


def test_a_file_of_no_known_kind_is_not_called_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("hello: world\n")
    assert main([str(path)]) == 1
    out = capsys.readouterr()
    assert "ok" not in out.out and "nothing was checked" in out.err


def test_a_case_reason_must_quote_its_story(content_copy: Path) -> None:
    old = '"Neither side could save the summer alone"'
    p = only(
        broken(content_copy, old, '"Nobody could save anything"', "cases/klipvlei-water-pact.yaml")
    )
    assert p.field == "reference.elements.common_pain.reason"
    assert "not in the story: 'Nobody could save anything'" in p.message


def test_a_silent_reason_takes_the_silent_score(content_copy: Path) -> None:
    name = "cases/lloyds-coffee-house.yaml"
    path = content_copy / name
    text = path.read_text()
    old = "    time:\n      score: 2\n"
    assert old in text
    path.write_text(text.replace(old, "    time:\n      score: 3\n"))
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    p = only(err.value.problems)
    assert p.field == "reference.contrasts.time.score" and "score 2" in p.message
