"""What a saved notebook keeps of its widgets: a prompt to run the cell, not a dead view.

A widget lives in the kernel. Saved into a notebook, its view points at a model
that no new session has, and JupyterLab shows "Error displaying widget: model
not found" in its place. Jupyter's contents manager runs ``pre_save_hook`` on
every save (``make start`` sets it to :func:`keep_prompt`): each output that
shows a widget keeps only a short plain-text prompt, so a reopened notebook
says what to do. The learner's answers are in ``saved-answers/``, not in the
notebook, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PROMPT = "Run this cell (click it, then press Shift+Enter) to show the activity."
HOOK = f"{__name__}.keep_prompt"


def keep_prompt(model: dict[str, Any], **_kwargs: Any) -> None:
    """Replace every widget view in a notebook being saved by the prompt, in place."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                output["data"] = {"text/plain": PROMPT}
