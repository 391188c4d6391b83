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
    p = only(broken(content_copy, old, '    text: "He says ' + "word " * 65 + "everything is fine"))
    assert p.field == "statements[0].text"
    assert p.message == "a statement needs 8 to 60 words; this one has 85"


def test_messages_carry_no_pydantic_prefix(content_copy: Path) -> None:
    old = '    context: "Colleague of a consortium representative"'
    p = only(broken(content_copy, old, '    context: "Colleague <b>of</b> a representative"'))
    assert p.message.startswith("raw HTML is not allowed")
