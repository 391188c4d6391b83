"""The instructor's answer keys (``autograder/keys/<module>.yaml``), checked against the questions.

The build makes the self-study edition's practice answers from them; the grader
(``grading/``) marks against them, with a private bank's keys merged in (``grading.bank``).
"""

from __future__ import annotations

from pathlib import Path

from .models import ModuleKeys, ModuleSpec
from .yamlsource import ContentError, Problem, read_yaml


def load_keys(module: ModuleSpec, keys_dir: Path) -> ModuleKeys:
    """The instructor's keys for ``module``, checked against its questions."""
    path = keys_dir / f"{module.id}.yaml"
    label = (
        str(path.relative_to(keys_dir.parent))
        if path.is_relative_to(keys_dir.parent)
        else str(path)
    )
    if not path.exists():
        if module.exercises or module.reflections:
            raise ContentError([Problem(label, None, "", "missing: every exercise needs a key")])
        return ModuleKeys()
    doc = read_yaml(path, label=label)
    keys = doc.validate(ModuleKeys)
    problems = []
    for ex in module.exercises:
        key = keys.exercises.get(ex.id)
        if key is None:
            problems.append(doc.problem(("exercises",), f"no key for exercise {ex.id!r}"))
        elif key.answer not in ex.options:
            problems.append(
                doc.problem(
                    ("exercises", ex.id, "answer"),
                    f"{key.answer!r} is not an option of {ex.id} ({', '.join(ex.options)})",
                )
            )
    for r in module.reflections:
        if r.id not in keys.reflections:
            problems.append(doc.problem(("reflections",), f"no grading guide for {r.id!r}"))
    asked = {e.id for e in module.exercises} | {r.id for r in module.reflections}
    for extra in (set(keys.exercises) | set(keys.reflections)) - asked:
        problems.append(doc.problem((), f"key {extra!r} answers no question in the module"))
    if problems:
        raise ContentError(problems)
    return keys
