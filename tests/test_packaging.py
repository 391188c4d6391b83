"""What a fresh machine relies on: pinned installs, two commands, a complete package."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import tomllib

from conftest import REPO

PIN = re.compile(r"^[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-!]+$")


def requirement_lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("-r ")
    ]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_install_is_pinned() -> None:
    hub = REPO / "deploy" / "hub" / "requirements.txt"
    for path in (REPO / "binder" / "requirements.txt", REPO / "requirements-dev.txt", hub):
        lines = requirement_lines(path)
        assert lines, path
        assert [line for line in lines if not PIN.match(line)] == [], path
    assert "-r binder/requirements.txt" in (REPO / "requirements-dev.txt").read_text()
    assert "-r deploy/hub/requirements.txt" in (REPO / "requirements-dev.txt").read_text()


def test_pins_cover_the_declared_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = {
        norm(line.split("==")[0])
        for path in (REPO / "binder" / "requirements.txt", REPO / "requirements-dev.txt")
        for line in requirement_lines(path)
    }
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    for dep in declared:
        name = norm(re.split(r"[<>=!~\[ ]", dep)[0])
        assert name in pinned, f"{dep} is declared but not pinned"


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make start", "make test"]
    ci = [
        line.strip()
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ci[-1] == "make test"


def test_binder_installs_the_course_and_strips_instructor_material() -> None:
    post = (REPO / "binder" / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post
    assert "rm -rf autograder/source autograder/keys" in post
    assert "setup_env --learners-only" in post
    assert (REPO / "binder" / "runtime.txt").read_text().strip().startswith("python-3.11")


def test_wheel_carries_content_and_widget_assets(tmp_path: Path) -> None:
    src = tmp_path / "src"  # build from a copy: setuptools leaves a build/ folder behind
    for name in ("course", "widgets"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("trustvalue_course-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "course" / "trustvalue_course" / "content").rglob("*.yaml"):
        assert str(path.relative_to(REPO / "course")) in names, path.name
    for path in (REPO / "widgets" / "trustvalue_widgets" / "static").iterdir():
        assert f"trustvalue_widgets/static/{path.name}" in names, path.name
    assert not any(n.startswith(("tests/", "autograder/")) for n in names)
