"""Read YAML content files while remembering where every value came from.

Validation errors must name the file, the line and the field, so the loader
keeps ruamel.yaml's position information and turns pydantic's error locations
back into line numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

M = TypeVar("M", bound=BaseModel)

Loc = Sequence[str | int]


class ContentError(ValueError):
    """A content file is wrong. Names the file, the line and the field."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        field = f", field {self.field}" if self.field else ""
        return f"{where}{field}: {self.message}"


def format_loc(loc: Loc) -> str:
    """('statements', 3, 'answers') -> 'statements[3].answers'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class YamlDocument:
    """A parsed YAML file: plain Python data plus a way back to line numbers."""

    path: Path
    label: str
    tree: Any
    data: Any

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the deepest part of ``loc`` found in the file.

        Parts of a location that are not in the file (pydantic adds the names
        of union tags, say) are skipped; a missing field points at its parent.
        """
        node = self.tree
        line: int | None = 1
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
        return line

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.label, self.line_of(loc), format_loc(loc), message)

    def validate(self, model: type[M]) -> M:
        """Validate the whole document against ``model``, or raise ContentError."""
        try:
            return model.model_validate(self.data)
        except ValidationError as exc:
            raise ContentError(
                self.problem(err["loc"], _message(err)) for err in exc.errors()
            ) from None


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "this field is required but missing"
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see course/CONTENT-FORMAT.md)"
    return msg


def _plain(node: Any) -> Any:
    """ruamel's round-trip types -> plain dict/list/str/int."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, int) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Parse ``path``; a syntax error or duplicate key becomes a ContentError."""
    label = label or str(path)
    yaml = YAML(typ="rt", pure=True)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(label, None, "", f"cannot read the file: {exc}")]) from None
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ContentError([Problem(label, line, "", f"not valid YAML: {what}")]) from None
    except YAMLError as exc:  # pragma: no cover - ruamel raises MarkedYAMLError in practice
        raise ContentError([Problem(label, None, "", f"not valid YAML: {exc}")]) from None
    if tree is None:
        raise ContentError([Problem(label, 1, "", "the file is empty")])
    return YamlDocument(path=path, label=label, tree=tree, data=_plain(tree))
