"""Command line: validate content files.

trustvalue-validate                  # all packaged content
trustvalue-validate path/to/file.yaml [...]
trustvalue-validate --root DIR       # a whole content folder
"""

from __future__ import annotations

import argparse
import sys
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
from .yamlsource import ContentError, read_yaml

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


def model_for(path: Path) -> type:
    """Which schema a file follows, from its name or its folder."""
    for key in (path.name, path.parent.name):
        if key in KINDS:
            return KINDS[key]
    raise ContentError([])


def validate_file(path: Path) -> None:
    """Validate one file against its schema (cross-file checks need the whole folder)."""
    try:
        model = model_for(path)
    except ContentError:
        raise SystemExit(
            f"{path}: cannot tell what kind of content this is; put it in statements/, cases/, "
            "modules/ or keys/, or name it schemes.yaml, rubric.yaml, glossary.yaml, references.yaml"
        ) from None
    read_yaml(path).validate(model)
    # Inside a content folder, also check the file against the others (schemes, ids).
    root = next((p for p in path.resolve().parents if (p / "schemes.yaml").exists()), None)
    if root is not None and model is not ModuleKeys:
        try:
            load_content(root)
        except ContentError as exc:
            mine = [p for p in exc.problems if (root / p.file).resolve() == path.resolve()]
            if mine:
                raise ContentError(mine) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="trustvalue-validate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, help="content files to check")
    parser.add_argument("--root", type=Path, default=None, help="a content folder to check whole")
    args = parser.parse_args(argv)
    try:
        if args.files:
            for path in args.files:
                validate_file(path)
            print(f"ok: {len(args.files)} file(s) valid")
        else:
            content = load_content(args.root)
            print(
                f"ok: {args.root or CONTENT_DIR}: {len(content.schemes)} schemes, "
                f"{len(content.statements)} statements, {len(content.cases)} cases, "
                f"{len(content.modules)} modules"
            )
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
