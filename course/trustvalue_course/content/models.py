"""Typed, validated content: the schema of every content file.

One pydantic model per file kind. Each model forbids unknown fields so that a
misspelt field is an error, not silently ignored content.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from .activity_kinds import KIND_NAMES, REQUIRED_FIELDS
from .fields import LENSES, Id, Lens, LensChoice, Model, Score, Text, no_html

_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _count(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


# --------------------------------------------------------------------------- schemes


class Category(Model):
    id: Id
    label: Text
    description: Text


class Scheme(Model):
    id: Id
    title: Text
    prompt: Text
    source: Literal["kittel", "leavitt", "course"]
    categories: list[Category] = Field(min_length=2)

    @field_validator("categories")
    @classmethod
    def _unique(cls, cats: list[Category]) -> list[Category]:
        ids = [c.id for c in cats]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"category ids repeat: {', '.join(sorted(dup))}")
        return cats

    def category(self, category_id: str) -> Category:
        for cat in self.categories:
            if cat.id == category_id:
                return cat
        raise KeyError(category_id)

    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]


class SchemesFile(Model):
    schemes: list[Scheme] = Field(min_length=1)


# ------------------------------------------------------------------------ statements


STATEMENT_WORDS = (8, 60)  # the length CONTENT-FORMAT.md promises


def _statement_length(text: str) -> str:
    low, high = STATEMENT_WORDS
    words = len(text.split())
    if not low <= words <= high:
        raise ValueError(f"a statement needs {low} to {high} words; this one has {words}")
    return text


class Statement(Model):
    id: Id
    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True),
        AfterValidator(_statement_length),
        AfterValidator(no_html),
    ]
    context: Text | None = None
    answers: dict[Id, Id] = Field(min_length=1)
    explanation: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=20), AfterValidator(no_html)
    ]


class StatementBank(Model):
    statements: list[Statement] = Field(min_length=1)


# ----------------------------------------------------------------------- cases/rubric


class Reason(Model):
    score: Score
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10), AfterValidator(no_html)
    ]


class ReferenceScoring(Model):
    """A case's reference scores, one per criterion of each lens of the rubric.

    Which criteria there are is the rubric's to say: loading the content checks
    every case against it (``content.load_content``).
    """

    elements: dict[Id, Reason]
    contrasts: dict[Id, Reason]

    def lens(self, lens: Lens) -> dict[str, Reason]:
        return self.elements if lens == "elements" else self.contrasts


class Case(Model):
    id: Id
    title: Text
    industry: Text
    region: Text
    size: Text
    outcome: Literal["thriving", "failing", "mixed", "historical"]
    summary: Text
    story: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=200), AfterValidator(no_html)
    ]
    # Which moment of a story that changes over time the scores describe (shown to the learner).
    scored_at: Text | None = None
    reference: ReferenceScoring


def sign_of(level_text: str) -> str | None:
    """A level's deciding sign: the words before its first colon (what a reader can see)."""
    head, colon, _rest = level_text.partition(": ")
    return head.strip() if colon and 0 < len(head.split()) <= 12 else None


_PAIR = re.compile(r"^([0-4])-([0-4])$")


class Criterion(Model):
    id: Id
    lens: Lens
    name: Text
    question: Text
    levels: dict[Score, Text]
    tell_apart: dict[str, Text] = Field(default_factory=dict)  # "2-3": how to tell 2 from 3
    weak_predicts: Text

    @field_validator("levels")
    @classmethod
    def _all_levels(cls, levels: dict[int, str]) -> dict[int, str]:
        if sorted(levels) != [0, 1, 2, 3, 4]:
            raise ValueError("describe every level 0, 1, 2, 3 and 4")
        return levels

    @field_validator("tell_apart")
    @classmethod
    def _pairs(cls, notes: dict[str, str]) -> dict[str, str]:
        for key in notes:
            m = _PAIR.match(key)
            if m is None or int(m.group(1)) >= int(m.group(2)):
                raise ValueError(
                    f'{key!r}: name two levels, lower first, like "2-3" (how to tell 2 from 3)'
                )
        return notes

    def signs(self) -> dict[int, str | None]:
        """Each level's deciding sign (None where a level has none)."""
        return {n: sign_of(text) for n, text in self.levels.items()}

    def sign_clashes(self) -> list[str]:
        """Adjacent levels that share their deciding sign, or a level without one."""
        problems = []
        signs = self.signs()
        for n in range(5):
            if signs[n] is None:
                problems.append(
                    f"level {n} has no deciding sign: start it with what a reader can see, "
                    "then a colon"
                )
        for n in range(4):
            a, b = signs[n], signs[n + 1]
            if (
                a
                and b
                and (a.lower() in self.levels[n + 1].lower() or b.lower() in self.levels[n].lower())
            ):
                problems.append(f"levels {n} and {n + 1} share their deciding sign")
        return problems


class SilentRule(Model):
    """What to score when a story shows nothing on a criterion of a lens."""

    score: Score
    rule: Text


SILENT = "the story shows nothing on"  # the words a reference reason uses for silence


class Rubric(Model):
    levels: dict[Score, Text]
    contrast_levels: dict[Score, Text] | None = None  # names for the contrasts' levels
    silent: dict[Lens, SilentRule] = Field(default_factory=dict)
    criteria: list[Criterion]

    def level_names(self, lens: str) -> list[str]:
        """The five level names for a criterion of ``lens``."""
        names = (
            self.contrast_levels if lens == "contrasts" and self.contrast_levels else self.levels
        )
        return [names[n] for n in range(5)]

    @model_validator(mode="after")
    def _covers(self) -> Rubric:
        for names in (self.levels, self.contrast_levels or self.levels):
            if sorted(names) != [0, 1, 2, 3, 4]:
                raise ValueError("name every level 0, 1, 2, 3 and 4")
        ids = [c.id for c in self.criteria]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"criterion ids repeat: {', '.join(dup)}")
        empty = [lens for lens in LENSES if lens not in {c.lens for c in self.criteria}]
        if empty:
            raise ValueError(f"no criterion for the lens: {', '.join(empty)}")
        return self

    def ids(self, lens: Lens) -> list[str]:
        """The ids of the criteria of ``lens``, in rubric order: the one list of them."""
        return [c.id for c in self.criteria if c.lens == lens]

    def lens_headings(self) -> dict[str, str]:
        """A heading per lens, counting its criteria, for the scorecard."""
        names = self.contrast_levels or self.levels
        return {
            "elements": f"The {_count(len(self.ids('elements')))} elements (structure)",
            "contrasts": f"The {_count(len(self.ids('contrasts')))} contrasts (spirit): "
            f"0 = {names[0]}, 4 = {names[4]}",
        }

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


# --------------------------------------------------------------------------- modules


class Activity(Model):
    id: Id
    widget: Literal[KIND_NAMES]  # type: ignore[valid-type]  # activity_kinds.KIND_NAMES
    intro: Text
    title: Text | None = None
    scheme: Id | None = None
    count: Annotated[int, Field(ge=1, le=100)] | None = None
    where: dict[Id, list[Id]] | None = None
    case: Id | None = None
    lens: LensChoice | None = None

    @model_validator(mode="after")
    def _fits_widget(self) -> Activity:
        for name, why in REQUIRED_FIELDS[self.widget]:
            if not getattr(self, name):
                raise ValueError(why)
        return self


class Exercise(Model):
    id: Annotated[str, StringConstraints(pattern=r"^q[0-9]+$")]
    points: Annotated[int, Field(ge=1, le=10)] = 1
    prompt: Text

    @field_validator("prompt")
    @classmethod
    def _no_answer_instructions(cls, prompt: str) -> str:
        if re.search(r"three dots|between the quotes", prompt):
            raise ValueError("leave out how to answer: the notebook adds one standard instruction")
        return prompt

    options: dict[Annotated[str, StringConstraints(pattern=r"^[A-F]$")], Text] = Field(min_length=2)


class Reflection(Model):
    id: Annotated[str, StringConstraints(pattern=r"^r[0-9]+$")]
    points: Annotated[int, Field(ge=1, le=20)] = 3
    prompt: Text
    fallback_case: Id | None = None  # a course case to write about without an alliance of one's own
    sample: Text | None = None  # a strong answer to compare with after writing (self-study only)


class MarkdownCell(Model):
    markdown: Text


class ActivityCell(Model):
    activity: Activity


class ExerciseCell(Model):
    exercise: Exercise


class ReflectionCell(Model):
    reflection: Reflection


def _cell_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for kind in ("markdown", "activity", "exercise", "reflection"):
            if kind in value:
                return kind
    elif isinstance(value, BaseModel):
        return type(value).__name__.removesuffix("Cell").lower()
    return None


Cell = Annotated[
    Annotated[MarkdownCell, Tag("markdown")]
    | Annotated[ActivityCell, Tag("activity")]
    | Annotated[ExerciseCell, Tag("exercise")]
    | Annotated[ReflectionCell, Tag("reflection")],
    Discriminator(
        _cell_kind,
        custom_error_type="cell_kind",
        custom_error_message="a cell must have one of: markdown, activity, exercise, reflection",
    ),
]


class ModuleSpec(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}-[a-z0-9-]+$")]
    number: Annotated[int, Field(ge=0, le=99)]
    title: Text
    concepts: list[Annotated[str, StringConstraints(pattern=r"^[KLB][0-9]+$")]]
    # No ``minutes:``: a module's time is computed from its content (timing.py).
    # The field exists only to refuse it with a clear message.
    minutes: Annotated[None, Field(exclude=True, repr=False)] = None
    objectives: list[Text] = Field(min_length=1)
    cells: list[Cell] = Field(min_length=1)

    @field_validator("minutes", mode="before")
    @classmethod
    def _no_minutes(cls, value: Any) -> None:
        raise ValueError(
            "remove this field: a module's minutes are computed from its content "
            "(reading, statements, questions, writing; see trustvalue_course/learning/timing.py)"
        )

    @property
    def activities(self) -> list[Activity]:
        return [c.activity for c in self.cells if isinstance(c, ActivityCell)]

    @property
    def exercises(self) -> list[Exercise]:
        return [c.exercise for c in self.cells if isinstance(c, ExerciseCell)]

    @property
    def reflections(self) -> list[Reflection]:
        return [c.reflection for c in self.cells if isinstance(c, ReflectionCell)]


class ExerciseKey(Model):
    answer: Annotated[str, StringConstraints(pattern=r"^[A-F]$")]
    why: Text


class ReflectionKey(Model):
    guide: Text


class ModuleKeys(Model):
    exercises: dict[str, ExerciseKey] = Field(default_factory=dict)
    reflections: dict[str, ReflectionKey] = Field(default_factory=dict)
