"""Notebook cells as nbgrader expects them, and pages built from cells.

Every notebook writer (:mod:`.module_notebook`, :mod:`.pages`) uses these helpers.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _language_info() -> dict[str, Any]:
    """What the kernel writes into ``metadata.language_info`` when a notebook opens:
    built with the same, an untouched notebook stays clean (not "unsaved")."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


LANGUAGE_INFO = _language_info()


def cell_meta(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    points: int | None = None,
) -> dict[str, Any]:
    nb = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        nb["points"] = points
    return {"nbgrader": nb}


def markdown_cell(cell_id: str, text: str, **meta: Any) -> Any:
    meta.setdefault("locked", True)
    text = entry_links(text)
    cell = nbformat.v4.new_markdown_cell(text.strip() + "\n", metadata=cell_meta(cell_id, **meta))
    cell["id"] = cell_id
    return cell


def code_cell(cell_id: str, source: str, **meta: Any) -> Any:
    cell = nbformat.v4.new_code_cell(source.strip("\n"), metadata=cell_meta(cell_id, **meta))
    cell["id"] = cell_id
    return cell


def page_notebook(cells: list[tuple[str, str]], code: str | None = None) -> Any:
    nb_cells = [markdown_cell(cid, text) for cid, text in cells]
    if code:
        nb_cells.append(code_cell("show", code, locked=True))
    for cell in nb_cells:
        cell["metadata"] = {}
    nb = nbformat.v4.new_notebook(
        cells=nb_cells, metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    )
    nb["nbformat_minor"] = 5
    return nb


def entry_links(markdown: str) -> str:
    """Point links at glossary and reference entries to the entry's cell.

    Authors write ``glossary.ipynb#northbound-train``; JupyterLab scrolls to a
    cell for ``#cell-id=...``, and every entry is a cell with its anchor as id.
    """
    return ENTRY_LINK.sub(lambda m: f"{m['page']}#cell-id={m['anchor']})", markdown)


ENTRY_LINK = re.compile(
    r"(?P<page>(?:\.\./)?(?:glossary|references)\.ipynb)#(?P<anchor>[a-z0-9]+(?:-[a-z0-9]+)*)\)"
)
