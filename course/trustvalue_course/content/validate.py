"""Command line: validate content files.

trustvalue-validate                  # all packaged content
trustvalue-validate path/to/file.yaml [...]
trustvalue-validate --root DIR       # a whole content folder

Every problem of a file is reported in one pass: its schema problems and its
cross-file ones (unknown schemes, categories, criteria, cases) together, each
with the file, the line and the field. A file outside a content folder is
checked against the packaged course's schemes, rubric, cases and modules, and
the "ok" line says so.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .loading import CONTENT_DIR, load_content
from .models import (
    Case,
    ModuleKeys,
    ModuleSpec,
    Rubric,
    SchemesFile,
    StatementBank,
)
from .reference_models import Bibliography, Glossary, Syllabus
from .yamlsource import ContentError, Problem, read_yaml

KINDS = {
    "statements": StatementBank,
    "cases": Case,
    "modules": ModuleSpec,
    "keys": ModuleKeys,
    "schemes.yaml": SchemesFile,
    "rubric.yaml": Rubric,
    "glossary.yaml": Glossary,
    "references.yaml": Bibliography,
    "syllabus.yaml": Syllabus,
}
FOLDERS = {StatementBank: "statements", Case: "cases", ModuleSpec: "modules"}


# A file named or placed nowhere telling is known by its top-level fields.
_BY_FIELD = {
    "statements": StatementBank,
    "story": Case,
    "cells": ModuleSpec,
    "schemes": SchemesFile,
    "criteria": Rubric,
    "terms": Glossary,
    "references": Bibliography,
    "concepts": Syllabus,
    "exercises": ModuleKeys,
    "reflections": ModuleKeys,
}


def model_for(path: Path, data: object = None) -> type:
    """Which schema a file follows, from its name or its folder, else from its fields."""
    for key in (path.name, path.parent.name):
        if key in KINDS:
            return KINDS[key]
    for key in data if isinstance(data, dict) else ():
        if key in _BY_FIELD:
            return _BY_FIELD[key]
    raise ContentError([])


def _content_root(path: Path) -> Path | None:
    """The content folder ``path`` belongs to, if any (the folder holding schemes.yaml)."""
    return next((p for p in path.resolve().parents if (p / "schemes.yaml").exists()), None)


def _problems_of(root: Path, inside: Path, shown_as: str) -> list[Problem]:
    """The problems ``load_content(root)`` finds in the file ``inside``, labelled ``shown_as``."""
    try:
        load_content(root)
    except ContentError as exc:
        return [
            Problem(shown_as, p.line, p.field, p.message)
            for p in exc.problems
            if (root / p.file).resolve() == inside.resolve()
        ]
    return []


def _check_keys(path: Path, shown_as: str) -> list[Problem]:
    """A keys file against its module (the packaged course's module of the same name)."""
    from .build import load_keys  # the build owns the keys' checks

    module = load_content().modules.get(path.stem)
    if module is None:
        return [Problem(shown_as, None, "", f"no module called {path.stem!r} for these keys")]
    try:
        load_keys(module, path.parent)
    except ContentError as exc:
        return [Problem(shown_as, p.line, p.field, p.message) for p in exc.problems]
    return []


def validate_file(path: Path) -> str:
    """Check one file: its schema and everything the other files say about it.

    Returns what was checked, for the "ok" line; raises ContentError listing
    every problem found.
    """
    doc = read_yaml(path)  # a syntax error stops here, with its line
    shown = str(path)
    try:
        model = model_for(path, doc.data)
    except ContentError:
        raise ContentError(
            [
                Problem(
                    shown,
                    None,
                    "",
                    "cannot tell what kind of content this is, so nothing was checked; put it in "
                    "statements/, cases/, modules/ or keys/, or name it schemes.yaml, "
                    "rubric.yaml, glossary.yaml, references.yaml or syllabus.yaml",
                )
            ]
        ) from None
    if model is ModuleKeys:
        try:
            doc.validate(ModuleKeys)
        except ContentError as exc:
            raise ContentError(exc.problems) from None
        problems = _check_keys(path, shown)
        if problems:
            raise ContentError(problems)
        return f"{path}: valid, checked against the packaged course's module {path.stem}"
    root = _content_root(path)
    if root is not None:
        problems = _problems_of(root, path, shown)
        if problems:
            raise ContentError(problems)
        return f"{path}: valid, checked with the other files of {root}"
    # Outside a content folder: check it in a copy of the packaged course, in its place.
    with tempfile.TemporaryDirectory(prefix="trustvalue-validate-") as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(CONTENT_DIR, copy)
        folder = FOLDERS.get(model)
        inside = copy / folder / path.name if folder else copy / path.name
        shutil.copyfile(path, inside)
        problems = _problems_of(copy, inside, shown)
    if problems:
        raise ContentError(problems)
    return (
        f"{path}: valid, checked against the packaged course's schemes, rubric, cases and "
        f"modules (it is not inside a content folder{'; it stands in for the file of the same name' if (CONTENT_DIR / (folder or '') / path.name).exists() else ''})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="trustvalue-validate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, help="content files to check")
    parser.add_argument("--root", type=Path, default=None, help="a content folder to check whole")
    args = parser.parse_args(argv)
    problems: list[Problem] = []
    if args.files:
        for path in args.files:
            try:
                print(f"ok: {validate_file(path)}")
            except ContentError as exc:
                problems.extend(exc.problems)
    else:
        try:
            content = load_content(args.root)
            print(
                f"ok: {args.root or CONTENT_DIR}: {len(content.schemes)} schemes, "
                f"{len(content.statements)} statements, {len(content.cases)} cases, "
                f"{len(content.modules)} modules"
            )
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        print(ContentError(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
