"""How long a module takes, computed from its own content.

No module types its minutes by hand: the build's title line ("About N
minutes"), the course map and the progress data all call
:func:`module_minutes`, which adds up what the learner reads, sorts, answers,
scores and writes. The paces are the constants below, in one place:

* reading: every word of the module's text, activity introductions, sorter
  statements and their feedback, questions and options, reflection prompts,
  case stories and rubric levels, at :data:`READING_WPM` words a minute;
* a sorter statement: its text and the reason shown after it, read, plus
  :data:`STATEMENT_SECONDS` to decide;
* a graded question: its prompt and options, read, plus
  :data:`QUESTION_SECONDS` to decide and type the letter;
* a reflection: the length it asks for ("Aim for 250 to 400 words": the middle,
  325; "two to four sentences": :data:`WORDS_PER_SENTENCE` each; otherwise
  :data:`REFLECTION_WORDS`) written at :data:`WRITING_WPM`, plus
  :data:`REFLECTION_PLANNING_MINUTES` to think before writing;
* a scorecard: the case story, read, and each criterion's level descriptions
  (the first time the module shows that criterion), :data:`CRITERION_SECONDS`
  per criterion to judge, and
  :data:`COMPARE_MINUTES` to read the comparison with the reference;
* the spiral simulator: :data:`SIMULATOR_MINUTES` of trying settings;
* the course map: :data:`COURSE_MAP_MINUTES`.

The total is rounded up to a multiple of :data:`ROUND_TO` minutes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..content import Content
from ..content.models import (
    Activity,
    ActivityCell,
    ExerciseCell,
    MarkdownCell,
    ModuleSpec,
    ReflectionCell,
)
from .scoring import criteria_for

__all__ = ["Breakdown", "module_breakdown", "module_minutes", "reflection_words", "words"]

READING_WPM = 200  # words a minute, reading with attention (slower than skimming)
STATEMENT_SECONDS = 20  # deciding where one sorter statement goes
QUESTION_SECONDS = 90  # weighing a scenario question's options and typing a letter
WRITING_WPM = 12  # words a minute, composing a considered written answer
REFLECTION_PLANNING_MINUTES = 5  # thinking before writing a reflection
REFLECTION_WORDS = 150  # a reflection that names no length
WORDS_PER_SENTENCE = 20  # for a reflection asked for in sentences
CRITERION_SECONDS = 60  # judging one scorecard criterion after reading its levels
COMPARE_MINUTES = 5  # reading the comparison with the reference scoring
SIMULATOR_MINUTES = 8  # the three runs module 3 asks for
COURSE_MAP_MINUTES = 1  # looking at the course map
ROUND_TO = 5  # the total is rounded up to a multiple of this

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_RANGE = re.compile(
    r"\b(\d+|" + "|".join(_NUMBERS) + r")\s*(?:to|-|\u2013)\s*(\d+|" + "|".join(_NUMBERS) + r")"
    r"\s+(words|sentences)\b",
    re.IGNORECASE,
)


def words(text: str) -> int:
    """The number of words in ``text`` (Markdown link targets and symbols not counted)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not read
    return len(_WORD.findall(text))


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBERS[token.lower()]


def reflection_words(prompt: str) -> int:
    """How many words a reflection prompt asks for: the middle of its stated range."""
    match = _RANGE.search(prompt)
    if match is None:
        return REFLECTION_WORDS
    low, high = _number(match.group(1)), _number(match.group(2))
    middle = (low + high) / 2
    if match.group(3).lower() == "sentences":
        middle *= WORDS_PER_SENTENCE
    return round(middle)


@dataclass(frozen=True)
class Breakdown:
    """Minutes a module takes, by kind of work (before rounding)."""

    reading: float = 0.0
    sorting: float = 0.0
    questions: float = 0.0
    writing: float = 0.0
    scoring: float = 0.0
    simulating: float = 0.0

    @property
    def total(self) -> float:
        return (
            self.reading
            + self.sorting
            + self.questions
            + self.writing
            + self.scoring
            + self.simulating
        )

    @property
    def minutes(self) -> int:
        """The total, rounded up to a multiple of ``ROUND_TO`` minutes."""
        return max(ROUND_TO, ROUND_TO * math.ceil(self.total / ROUND_TO - 1e-9))


def _read(text: str) -> float:
    return words(text) / READING_WPM


def _activity(content: Content, act: Activity, seen: set[str]) -> dict[str, float]:
    """Minutes for one activity, by kind of work; ``seen`` holds the criteria whose
    levels the module has already shown (their levels are not read twice)."""
    parts = {"reading": _read(act.intro + " " + (act.title or ""))}
    if act.widget == "sorter":
        deck = content.activity_statements(act.id)
        parts["sorting"] = sum(
            _read(f"{s.context or ''} {s.text} {s.explanation}") + STATEMENT_SECONDS / 60
            for s in deck
        )
    elif act.widget == "scorecard":
        criteria = criteria_for(content.rubric, act.lens or "both") if content.rubric else []
        case = content.cases.get(act.case or "")
        story = _read(f"{case.summary} {case.story}") if case is not None else 0.0
        levels = sum(
            _read(" ".join(c.levels.values()) + " " + c.question)
            for c in criteria
            if c.id not in seen
        )
        seen.update(c.id for c in criteria)
        parts["scoring"] = story + levels + len(criteria) * CRITERION_SECONDS / 60 + COMPARE_MINUTES
    elif act.widget == "spiral":
        parts["simulating"] = SIMULATOR_MINUTES
    else:
        parts["simulating"] = COURSE_MAP_MINUTES
    return parts


def module_breakdown(content: Content, module: ModuleSpec) -> Breakdown:
    """What a module asks of a learner, in minutes per kind of work."""
    totals = {"reading": _read(module.title + " " + " ".join(module.objectives))}
    seen: set[str] = set()
    for cell in module.cells:
        if isinstance(cell, MarkdownCell):
            totals["reading"] += _read(cell.markdown)
        elif isinstance(cell, ActivityCell):
            for kind, minutes in _activity(content, cell.activity, seen).items():
                totals[kind] = totals.get(kind, 0.0) + minutes
        elif isinstance(cell, ExerciseCell):
            ex = cell.exercise
            text = ex.prompt + " " + " ".join(ex.options.values())
            totals["questions"] = totals.get("questions", 0.0) + _read(text) + QUESTION_SECONDS / 60
        elif isinstance(cell, ReflectionCell):
            r = cell.reflection
            totals["reading"] += _read(r.prompt)
            totals["writing"] = (
                totals.get("writing", 0.0)
                + reflection_words(r.prompt) / WRITING_WPM
                + REFLECTION_PLANNING_MINUTES
            )
    return Breakdown(**totals)


def module_minutes(content: Content, module: ModuleSpec) -> int:
    """About how many minutes ``module`` takes, from its content (see the module docstring)."""
    return module_breakdown(content, module).minutes
