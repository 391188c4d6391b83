"""Read YAML content files while remembering where every value came from.

Validation errors must name the file, the line and the field. The happy path
parses with PyYAML's C loader (twenty times faster, which learners feel when a
notebook opens); ruamel.yaml, which keeps the position of every node, parses
the file again only when a line number is needed or the fast parse fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
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
    text: str
    data: Any
    _tree: Any = None

    @property
    def tree(self) -> Any:
        """The file as ruamel nodes with positions, parsed on first use."""
        if self._tree is None:
            self._tree = _ruamel_parse(self.text, self.label)
        return self._tree

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
            raise ContentError(self._problems(exc.errors())) from None

    def _problems(self, errors: list[Any]) -> list[Problem]:
        """One problem per mistake: a field left empty because the next line is
        not indented under it gives one message, not "empty" plus "unknown field"."""
        problems: list[Problem] = []
        used: set[int] = set()
        for i, err in enumerate(errors):
            if i in used:
                continue
            if err["input"] is None and len(err["loc"]) > 0:
                parent, name = tuple(err["loc"][:-1]), err["loc"][-1]
                line = self.line_of(err["loc"])
                for j, other in enumerate(errors):
                    loc = tuple(other["loc"])
                    if (
                        j != i
                        and other["type"] == "extra_forbidden"
                        and loc[:-1] == parent
                        and line is not None
                        and self.line_of(loc) == line + 1
                    ):
                        used.add(j)
                        problems.append(
                            self.problem(
                                err["loc"],
                                f"{name} is empty and the next line ({loc[-1]}) is not indented "
                                f"under it. Hint: indent {loc[-1]} two spaces more than {name}.",
                            )
                        )
                        break
                else:
                    problems.append(self.problem(err["loc"], _message(err)))
                continue
            problems.append(self.problem(err["loc"], _message(err)))
        return problems


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "missing":
        return "this field is required but missing"
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see course/CONTENT-FORMAT.md)"
    return msg.removeprefix("Value error, ")


def _plain(node: Any) -> Any:
    """ruamel's round-trip types -> plain dict/list/str/int."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, int) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[name-defined,misc]
    """PyYAML with YAML 1.2 booleans (yes/no/on/off stay text) and no duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _v in node.value]
        if len(keys) != len(set(map(repr, keys))):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


def _syntax_problem(text: str, label: str, line: int | None, what: str) -> Problem:
    """A YAML syntax error in an author's words: which field, and what to do."""
    lines = text.splitlines()
    if line is None or not 0 < line <= len(lines):
        return Problem(label, line, "", f"not valid YAML: {what}")
    if "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return Problem(label, line, "", "a tab in the indentation; indent with spaces only")
    here = _KEY.match(lines[line - 1])
    above = next(
        (
            _KEY.match(lines[n])
            for n in range(line - 2, -1, -1)
            if lines[n].strip() and not lines[n].lstrip().startswith("#") and _KEY.match(lines[n])
        ),
        None,
    )
    indentation = "flow" not in what and any(
        sign in what for sign in ("<block end>", "block mapping", "indent", "mapping values")
    )
    if here and above and indentation:

        def column(m: re.Match[str]) -> int:
            return m.start(2)

        return Problem(
            label,
            line,
            here.group(2),
            f"not valid YAML: the indentation does not fit the lines above: {here.group(2)} starts in column "
            f"{column(here) + 1}, {above.group(2)} above it in column {column(above) + 1}. "
            "Hint: the fields of one item start in the same column; a field that belongs "
            "to the one above it is indented two spaces more.",
        )
    hint = ""
    if "found character" in what or "could not find expected ':'" in what:
        hint = " Hint: text containing a colon or starting with a quote needs quotes around it."
    return Problem(label, line, here.group(2) if here else "", f"not valid YAML: {what}.{hint}")


def _ruamel_parse(text: str, label: str) -> Any:
    """Parse with positions; a syntax error or duplicate key becomes a ContentError."""
    parser = YAML(typ="rt", pure=True)
    try:
        return parser.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ContentError([_syntax_problem(text, label, line, what)]) from None
    except YAMLError as exc:  # pragma: no cover - ruamel raises MarkedYAMLError in practice
        raise ContentError([Problem(label, None, "", f"not valid YAML: {exc}")]) from None


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Parse ``path``; a syntax error or duplicate key becomes a ContentError."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(label, None, "", f"cannot read the file: {exc}")]) from None
    try:
        data = yaml.load(text, Loader=_FastLoader)
        doc = YamlDocument(path=path, label=label, text=text, data=data)
    except yaml.constructor.ConstructorError as exc:
        tag = re.search(r"tag '([^']*)'", str(exc.problem or ""))
        if tag is None:  # a duplicate key: let the positional parser word it
            tree = _ruamel_parse(text, label)
            doc = YamlDocument(path=path, label=label, text=text, data=_plain(tree), _tree=tree)
        else:
            line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
            raise ContentError(
                [
                    Problem(
                        label,
                        line,
                        "",
                        f"the tag {tag.group(1).replace('tag:yaml.org,2002:', '!!')} is not allowed: content files hold only text, "
                        "numbers, lists and mappings",
                    )
                ]
            ) from None
    except yaml.YAMLError:
        # Let the positional parser find and word the problem (or disagree and read it).
        tree = _ruamel_parse(text, label)
        doc = YamlDocument(path=path, label=label, text=text, data=_plain(tree), _tree=tree)
    if doc.data is None:
        raise ContentError([Problem(label, 1, "", "the file is empty")])
    return doc
