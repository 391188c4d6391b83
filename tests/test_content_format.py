"""course/CONTENT-FORMAT.md is checked against the schema, so it cannot go stale."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from trustvalue_course.content import Content, models
from trustvalue_course.kinds import KINDS

DOC = (Path(__file__).resolve().parents[1] / "course" / "CONTENT-FORMAT.md").read_text()
BLOCKS = "\n".join(re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S))
DOC_KEYS = set(re.findall(r"^\s*(?:-\s+)?([A-Za-z_]\w*):", BLOCKS, flags=re.M))
DOC_KEYS |= set(re.findall(r"[{,]\s*([A-Za-z_]\w*):", BLOCKS))

DOCUMENTED = [
    models.SchemesFile,
    models.Scheme,
    models.Category,
    models.StatementBank,
    models.Statement,
    models.Case,
    models.ReferenceScoring,
    models.Reason,
    models.Rubric,
    models.Criterion,
    models.SilentRule,
    models.ModuleSpec,
    models.Activity,
    models.Exercise,
    models.Reflection,
    models.ModuleKeys,
    models.ExerciseKey,
    models.ReflectionKey,
]


def test_every_field_of_the_schema_is_documented() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in DOCUMENTED
        for name, field in model.model_fields.items()
        if name not in DOC_KEYS and field.annotation is not type(None)  # refused fields
    ]
    assert missing == []


def test_the_documented_fields_exist(content: Content) -> None:
    assert content.rubric is not None
    known = {name for model in DOCUMENTED for name in model.model_fields}
    known |= {
        "markdown",
        "activity",
        "exercise",
        "reflection",
        "q1",
        "r1",
        "A",
        "B",
    }  # ids and option letters
    known |= set(content.schemes) | {c.id for c in content.rubric.criteria}
    assert DOC_KEYS - known == set()


def test_the_lists_in_the_prose_match_the_content(content: Content) -> None:
    listed = re.search(r"The schemes:\n(.*?)\.\n", DOC, flags=re.S)
    assert listed is not None
    assert re.findall(r"`([a-z_]+)`", listed.group(1)) == list(content.schemes)
    kinds = re.search(r"# the kinds: ([a-z_ |]+)", DOC)
    assert kinds is not None and kinds.group(1).split(" | ") == list(KINDS)
    low, high = models.STATEMENT_WORDS
    assert f"`text`: {low}-{high} words" in DOC
    for model, field in ((models.Case, "outcome"), (models.Scheme, "source")):
        values = typing.get_args(model.model_fields[field].annotation)
        assert f"# {' | '.join(values)}" in DOC, field
