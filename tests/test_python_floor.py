"""The course runs on the oldest Python that pyproject.toml claims (requires-python).

Binder and the developers' venv run 3.11, so a 3.11-only name (``typing.Self``,
``tomllib``, ``datetime.UTC``...) or syntax (``except*``) slips in unnoticed. This
compiles every file of the installed packages with that oldest Python, and checks
that every name they import from the standard library exists there."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys

import pytest
import tomllib

from conftest import REPO

PACKAGES = [REPO / "course" / "trustvalue_course", REPO / "widgets" / "trustvalue_widgets"]


def floor() -> str:
    spec = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(3\.\d+)", spec)
    assert match, f"requires-python should be a plain '>=3.N', not {spec!r}"
    return match.group(1)


def stdlib_imports() -> dict[str, set[str]]:
    """Standard-library module -> the names the packages import from it."""
    wanted: dict[str, set[str]] = {}
    for path in sorted(p for pkg in PACKAGES for p in pkg.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    wanted.setdefault(alias.name, set())
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                wanted.setdefault(node.module, set()).update(a.name for a in node.names)
    top = sys.stdlib_module_names
    return {m: names for m, names in wanted.items() if m.split(".")[0] in top}


def test_the_floor_is_one_ruff_checks_against() -> None:
    target = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["ruff"]["target-version"]
    assert target == "py" + floor().replace(".", "")


def oldest_python() -> str | None:
    """An interpreter of requires-python's floor: on PATH, or one of pyenv's versions."""
    python = shutil.which(f"python{floor()}")
    if python and subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0:
        return python
    if shutil.which("pyenv"):
        bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True)
        for version in bare.stdout.split():
            if version.startswith(floor() + "."):
                prefix = subprocess.run(
                    ["pyenv", "prefix", version], capture_output=True, text=True
                )
                return f"{prefix.stdout.strip()}/bin/python{floor()}"
    return None


def test_the_packages_compile_and_import_on_the_oldest_python_claimed() -> None:
    python = oldest_python()
    if python is None:
        pytest.skip(f"python{floor()} (requires-python's floor) is not installed here")
    files = [str(p) for pkg in PACKAGES for p in sorted(pkg.rglob("*.py"))]
    compiled = subprocess.run(
        [
            python,
            "-c",
            "import sys; [compile(open(f).read(), f, 'exec') for f in sys.argv[1:]]",
            *files,
        ],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr
    probe = (
        "import importlib, json, sys\n"
        "def has(module, name):\n"
        "    if hasattr(importlib.import_module(module), name):\n"
        "        return True\n"
        "    try:\n"
        "        return bool(importlib.import_module(f'{module}.{name}'))\n"
        "    except ImportError:\n"
        "        return False\n"
        "missing = []\n"
        "for module, names in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        importlib.import_module(module)\n"
        "    except ImportError:\n"
        "        missing.append(module)\n"
        "        continue\n"
        "    missing += [f'{module}.{n}' for n in names if not has(module, n)]\n"
        "print(json.dumps(missing))\n"
    )
    wanted = {m: sorted(n) for m, n in stdlib_imports().items()}
    assert "typing" in wanted  # the probe looks at what matters
    found = subprocess.run(
        [python, "-c", probe, json.dumps(wanted)], capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout) == [], f"not in Python {floor()}'s standard library"
