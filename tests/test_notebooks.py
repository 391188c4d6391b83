"""Every notebook runs top to bottom in a fresh kernel, offline, and is up to date."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO, jupyter_env
from trustvalue_course.publishing import build

LEARNER = sorted((REPO / "modules").rglob("*.ipynb")) + sorted((REPO / "apps").glob("*.ipynb"))
SOURCE = sorted((REPO / "autograder" / "source").rglob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
URL = re.compile(r"https?://(?!localhost|127\.0\.0\.1)[\w.-]+")


def run(path: Path, tmp_path: Path) -> nbformat.NotebookNode:
    """Execute a copy of ``path`` in its own folder, with its own Jupyter home."""
    work = tmp_path / "work"
    work.mkdir()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute(env=jupyter_env(tmp_path / "home"))
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[tuple[str, dict]]:
    return [(c.id, o) for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def rel(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("path", LEARNER, ids=rel)
def test_learner_notebook_runs_clean(path: Path, tmp_path: Path) -> None:
    nb = run(path, tmp_path)
    for cell_id, out in outputs(nb):
        assert out.output_type != "error", f"{cell_id}: {out.ename}: {out.evalue}"
        assert not (out.output_type == "stream" and out.name == "stderr"), f"{cell_id}: {out.text}"
        assert not URL.search(json.dumps(out)), f"{cell_id} refers to the network"
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(("activity(", "question(")):
            assert any(WIDGET in o.get("data", {}) for o in cell.outputs), cell.id


@pytest.mark.parametrize("path", SOURCE, ids=rel)
def test_source_notebook_passes_all_its_tests(path: Path, tmp_path: Path) -> None:
    nb = run(path, tmp_path)
    errors = [(cid, o.ename, o.evalue) for cid, o in outputs(nb) if o.output_type == "error"]
    assert errors == []


def test_committed_notebooks_are_what_the_content_builds(tmp_path: Path) -> None:
    """One source of truth: notebooks are built from content, never edited by hand."""
    assert build.check() == []


def test_notebooks_are_committed_without_outputs() -> None:
    for path in [*LEARNER, *SOURCE]:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{rel(path)}:{cell.id}"
        assert "widgets" not in nb.metadata, rel(path)


def test_learner_notebooks_pass_nbval(tmp_path: Path) -> None:
    """nbval runs every learner notebook and app cell by cell, as a learner's Run All would.

    Questions are widgets, so nothing may raise: any error fails its cell.
    """
    for folder in ("modules", "apps"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    cells = sum(
        1
        for path in [*(tmp_path / "modules").rglob("*.ipynb"), *(tmp_path / "apps").glob("*.ipynb")]
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            "modules",
            "apps",
        ],
        cwd=tmp_path,
        env=jupyter_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert f"{cells} passed" in proc.stdout


def test_every_entry_link_lands_on_a_cell() -> None:
    """Links into the glossary and references point at cells that exist there."""
    targets = {
        name: {c.id for c in nbformat.read(REPO / "modules" / name, as_version=4).cells}
        for name in ("glossary.ipynb", "references.ipynb")
    }
    checked = 0
    for path in LEARNER:
        nb = nbformat.read(path, as_version=4)
        own = {c.id for c in nb.cells}
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for page, cell_id in re.findall(r"\]\(([\w./-]*?)#cell-id=([\w-]+)\)", cell.source):
                known = targets[Path(page).name] if page else own
                assert cell_id in known, f"{rel(path)}: {page}#cell-id={cell_id}"
                checked += 1
            assert "glossary.ipynb#" not in cell.source.replace("#cell-id=", ""), rel(path)
    assert checked > 100
