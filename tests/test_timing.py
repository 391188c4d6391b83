"""Honest times: every module's minutes come from its own content, not from a typed number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trustvalue_course.content import Content, load_content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.content.models import ExerciseCell, MarkdownCell, ReflectionCell
from trustvalue_course.content.yamlsource import ContentError
from trustvalue_course.kinds import activity_done
from trustvalue_course.learning import timing
from trustvalue_course.learning.progress import course_progress
from trustvalue_course.learning.timing import module_breakdown, module_minutes, reflection_words
from trustvalue_course.publishing.module_notebook import source_notebook

REPO = Path(__file__).resolve().parents[1]
ABOUT = re.compile(r"\*About (\d+) minutes\.\*")


def _title_minutes(notebook: dict) -> int:
    title = "".join(notebook["cells"][0]["source"])
    match = ABOUT.search(title)
    assert match, title[:200]
    return int(match.group(1))


def _lower_bound(content: Content, module_id: str) -> float:
    """Minutes counted by hand, with the stated paces, for the parts that are easy to count:
    the readings, the sorter statements and the graded questions, and the reflections."""
    module = content.modules[module_id]
    reading = sum(len(c.markdown.split()) for c in module.cells if isinstance(c, MarkdownCell))
    minutes = 0.8 * reading / timing.READING_WPM  # link addresses and symbols are not words
    for act in module.activities:
        if act.widget == "sorter":
            minutes += len(content.activity_statements(act.id)) * timing.STATEMENT_SECONDS / 60
    questions = [c for c in module.cells if isinstance(c, ExerciseCell)]
    minutes += len(questions) * timing.QUESTION_SECONDS / 60
    for cell in module.cells:
        if isinstance(cell, ReflectionCell):
            minutes += timing.REFLECTION_PLANNING_MINUTES + 60 / timing.WRITING_WPM
    return minutes


def test_the_built_title_gives_the_computed_minutes(content: Content) -> None:
    for module in content.modules.values():
        keys = load_keys(module, REPO / "autograder" / "keys")
        built = source_notebook(module, keys, module_minutes(content, module))
        assert _title_minutes(built) == module_minutes(content, module), module.id


def test_the_committed_notebooks_show_the_computed_minutes(content: Content) -> None:
    """The notebooks learners open say what the content takes (run `make notebooks`)."""
    for module in content.modules.values():
        for folder in ("modules", "autograder/source"):
            path = REPO / folder / module.id / f"{module.id}.ipynb"
            shown = _title_minutes(json.loads(path.read_text()))
            assert shown == module_minutes(content, module), (path, shown)


def test_minutes_cover_the_content_and_no_more(content: Content) -> None:
    for module in content.modules.values():
        breakdown = module_breakdown(content, module)
        minutes = module_minutes(content, module)
        assert breakdown.total <= minutes < breakdown.total + timing.ROUND_TO, module.id
        assert minutes % timing.ROUND_TO == 0
        assert minutes >= _lower_bound(content, module.id), module.id


def test_a_module_with_a_long_reading_and_a_long_reflection_takes_over_an_hour(
    content: Content,
) -> None:
    """The review's example: about 2,400 words, 30 statements, 4 questions and a
    250-400 word reflection do not fit in "about 60 minutes"."""
    module = content.modules["02-two-perspectives"]
    words = sum(timing.words(c.markdown) for c in module.cells if isinstance(c, MarkdownCell))
    statements = sum(
        len(content.activity_statements(a.id)) for a in module.activities if a.widget == "sorter"
    )
    assert words >= 2000 and statements >= 25
    assert module_minutes(content, module) > 60


def test_more_content_means_more_minutes(content_copy: Path) -> None:
    before = load_content(content_copy)
    path = content_copy / "modules" / "03-trust-spiral.yaml"
    text = path.read_text()
    extra = " ".join(["word"] * (10 * timing.READING_WPM))  # ten minutes of reading
    text = text.replace("cells:\n", f"cells:\n  - markdown: |\n      {extra}\n", 1)
    path.write_text(text)
    after = load_content(content_copy)
    gained = module_minutes(after, after.modules["03-trust-spiral"]) - module_minutes(
        before, before.modules["03-trust-spiral"]
    )
    assert 5 <= gained <= 15


def test_the_course_map_shows_the_computed_minutes(content: Content, tmp_path: Path) -> None:
    progress = course_progress(content, tmp_path / "modules", activity_done)
    for item in progress:
        assert item.minutes == module_minutes(content, content.modules[item.id])
        assert item.to_json()["minutes"] == item.minutes
    capstone = next(p for p in progress if p.id == "07-capstone")
    start = next(p for p in progress if p.id == "00-start-here")
    assert capstone.minutes > start.minutes


def test_a_typed_minutes_field_is_refused_with_file_line_and_field(content_copy: Path) -> None:
    path = content_copy / "modules" / "01-why-alliances.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(at + 1, "minutes: 45\n")
    path.write_text("".join(lines))
    with pytest.raises(ContentError) as err:
        load_content(content_copy)
    problem = err.value.problems[0]
    assert problem.file == "modules/01-why-alliances.yaml"
    assert problem.line == at + 2
    assert problem.field == "minutes"
    assert "computed from its content" in problem.message


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Aim for 250 to 400 words.", 325),
        ("Aim for 200\u2013350 words. Write below.", 275),
        ("say in two to four sentences what you hope", 3 * timing.WORDS_PER_SENTENCE),
        ("Describe an alliance you know.", timing.REFLECTION_WORDS),
    ],
)
def test_reflection_length_is_read_from_the_prompt(prompt: str, expected: int) -> None:
    assert reflection_words(prompt) == expected


def test_the_readme_states_the_course_length_from_the_modules(content: Content) -> None:
    numbers = {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
    readme = (REPO / "README.md").read_text()
    match = re.search(r"modules \(about (\w+) hours\)", readme)
    assert match, "README.md should say how long the course takes"
    total = sum(module_minutes(content, m) for m in content.modules.values()) / 60
    assert abs(numbers[match.group(1)] - total) <= 1, (match.group(1), total)
