"""The instructor's private question bank, merged into the graded release.

The public questions are practice: the self-study edition explains them, so
their keys are public by nature. An instructor who grades for credit keeps
further questions in a folder *outside* the public repository, laid out like
the course itself and checked by the same rules::

    my-bank/
      modules/02-two-perspectives.yaml   # cells: [- exercise: {...}] as in a module file
      keys/02-two-perspectives.yaml      # exercises: {q11: {answer: B, why: ...}}

``trustvalue-release --bank my-bank`` appends the bank's questions to their
modules when it builds the graded release; the grader reads the bank's keys
from the same folder (``c.GradeFromAnswers.question_bank``). Bank question
ids must not repeat a public one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from ..content import course_content
from ..content.keys import load_keys
from ..content.models import ExerciseCell, Model, ModuleKeys, ModuleSpec
from ..content.yamlsource import ContentError, Problem, read_yaml


class BankQuestions(Model):
    """A bank file: the extra multiple-choice questions of one module."""

    cells: list[ExerciseCell] = Field(min_length=1)


def bank_module(module: ModuleSpec, bank: Path) -> ModuleSpec:
    """``module`` with the bank's questions for it appended (unchanged if the bank has none)."""
    path = bank / "modules" / f"{module.id}.yaml"
    if not path.exists():
        return module
    doc = read_yaml(path, label=str(path))
    extra = doc.validate(BankQuestions)
    public = {ex.id for ex in module.exercises}
    clashes = [
        doc.problem(
            ("cells", i, "exercise", "id"), f"{c.exercise.id!r} is already a public question"
        )
        for i, c in enumerate(extra.cells)
        if c.exercise.id in public
    ]
    if clashes:
        raise ContentError(clashes)
    return module.model_copy(update={"cells": [*module.cells, *extra.cells]})


def merged_keys(module: ModuleSpec, keys_dir: Path, bank: Path | None) -> ModuleKeys:
    """The public keys and the bank's keys of ``module`` (already merged with the bank)."""
    public = [ex.id for ex in module.exercises if _public(module.id, ex.id)]
    bank_ids = [ex.id for ex in module.exercises if ex.id not in public]
    if not bank_ids or bank is None:
        return load_keys(module, keys_dir)
    split_public = module.model_copy(
        update={"cells": [c for c in module.cells if not _is_exercise(c, bank_ids)]}
    )
    keys = load_keys(split_public, keys_dir)
    only_bank = module.model_copy(
        update={"cells": [c for c in module.cells if _is_exercise(c, bank_ids)]}
    )
    extra = load_keys(only_bank, bank / "keys")
    return ModuleKeys(exercises={**keys.exercises, **extra.exercises}, reflections=keys.reflections)


def module_with_keys(
    module_id: str, keys_dir: Path, bank: Path | None = None
) -> tuple[ModuleSpec, ModuleKeys]:
    """A module's questions (with the bank's) and their keys: what the grader marks against."""
    content = course_content()
    if module_id not in content.modules:
        raise ContentError([Problem(module_id, None, "", "no module of the course has this id")])
    module = content.modules[module_id]
    if bank is not None:
        module = bank_module(module, bank)
    return module, merged_keys(module, keys_dir, bank)


def _public(module_id: str, exercise_id: str) -> bool:
    module = course_content().modules[module_id]
    return any(ex.id == exercise_id for ex in module.exercises)


def _is_exercise(cell: object, ids: list[str]) -> bool:
    return isinstance(cell, ExerciseCell) and cell.exercise.id in ids
