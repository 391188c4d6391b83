"""The house: one folder per role, imports in one direction, no file a reader must scroll.

Every module of ``course/`` and ``widgets/`` is imported, and its imports are read from
its source (the AST, imports inside functions and ``TYPE_CHECKING`` blocks included):
no circle among the modules, and each part of the course imports only the parts
below it (``LAYERS``). The README's layout table and each part's docstring say the same.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOTS = {
    "trustvalue_course": REPO / "course" / "trustvalue_course",
    "trustvalue_widgets": REPO / "widgets" / "trustvalue_widgets",
}
MAX_LINES = 400
MAX_TOP_MODULES = 8

# Each part of the course, from the bottom up: a part imports itself and the parts of a
# lower rank only (``PEERS`` names the one exception between parts of the same rank).
LAYERS: dict[str, int] = {
    "content": 0,  # the YAML content, its schema, loading and checks
    "learner_files": 1,  # saved answers, the save hook, backups
    "learning": 2,  # the logic the widgets call
    "kinds": 3,  # the registry of widget kinds
    "grading": 4,  # nbgrader's steps, the bank, the cohort command
    "classroom": 4,  # the trainer's server, its extension, live rooms
    "widgets": 4,  # trustvalue_widgets
    "publishing": 5,  # notebooks, the learners' branch, Binder, the environment
}
PEERS = {("widgets", "classroom")}  # the presenter opens live rooms (classroom.rooms)
TOP = "trustvalue_course"  # the package's own __init__: re-exports content's entry points


def module_files() -> dict[str, Path]:
    """Every module of both packages: dotted name -> file."""
    found = {}
    for package, root in ROOTS.items():
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


MODULES = module_files()


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imports_of(name: str) -> set[str]:
    """The modules of both packages that ``name`` imports, read from its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    # Imports only a type checker runs (``if TYPE_CHECKING:``) are annotations, not
    # dependencies: nothing imports them at run time.
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # ``from package import submodule`` imports the submodule.
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # ``import a.b.c`` where c is a name
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def part_of(name: str) -> str:
    if name.startswith("trustvalue_widgets"):
        return "widgets"
    if name == TOP:
        return TOP
    return name.split(".")[1]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.endswith("__main__")))
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_no_import_circle() -> None:
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> None:
        if name in path:
            circle = [*path[path.index(name) :], name]
            raise AssertionError("import circle: " + " -> ".join(circle))
        if name in done:
            return
        path.append(name)
        for target in sorted(GRAPH[name]):
            visit(target)
        path.pop()
        done.add(name)

    for name in sorted(GRAPH):
        visit(name)


def test_every_part_imports_only_the_parts_below_it() -> None:
    assert set(part_of(n) for n in MODULES) == {*LAYERS, TOP}
    wrong = []
    for name, targets in sorted(GRAPH.items()):
        here = part_of(name)
        for target in sorted(targets):
            there = part_of(target)
            if here == TOP:
                allowed = there == "content"
            else:
                below = there != TOP and LAYERS[there] < LAYERS[here]
                allowed = there == here or below or (here, there) in PEERS
            if not allowed:
                wrong.append(f"{name} ({here}) imports {target} ({there})")
    assert not wrong, "\n".join(wrong)


def test_no_python_file_a_reader_must_scroll() -> None:
    long = {
        str(path.relative_to(REPO)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_few_modules_at_the_top_of_the_course_package() -> None:
    top = sorted(p.name for p in ROOTS["trustvalue_course"].glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_each_part_says_what_lives_there_and_what_it_may_import() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for part in LAYERS:
        if part in ("widgets", "kinds"):
            continue
        init = ROOTS["trustvalue_course"] / part / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        lines = doc.splitlines()
        assert len(lines) >= 2 and lines[0] and lines[1], f"{part}: two lines of docstring"
        assert "import" in lines[1].lower(), f"{part}: the second line says what it may import"
        assert f"`course/trustvalue_course/{part}/`" in readme, f"README's table: {part}/"


# Files outside the packages that name the course's modules and classes by dotted path.
NAMING_FILES = [
    "pyproject.toml",
    "Makefile",
    "binder/postBuild",
    "autograder/nbgrader_config.py",
    *(str(p.relative_to(REPO)) for p in sorted((REPO / "deploy").rglob("*.json"))),
    *(str(p.relative_to(REPO)) for p in sorted((REPO / "deploy").rglob("*.py"))),
]


@pytest.mark.parametrize("name", NAMING_FILES)
def test_every_dotted_name_in_configs_and_commands_resolves(name: str) -> None:
    """Console scripts, ``python -m`` commands, nbgrader steps and server extensions."""
    text = (REPO / name).read_text(encoding="utf-8")
    for dotted in re.findall(r"trustvalue_(?:course|widgets)(?:[.:][A-Za-z_]\w*)*", text):
        module, _, attr = dotted.replace(":", ".").rpartition(".")
        try:
            importlib.import_module(dotted.replace(":", "."))
        except ModuleNotFoundError:
            assert hasattr(importlib.import_module(module), attr), f"{name}: {dotted}"
    for path in re.findall(r"(?:course|widgets)/trustvalue_\w+/[\w/]+\.py", text):
        assert (REPO / path).is_file(), f"{name}: {path}"
