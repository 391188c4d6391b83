"""A saved notebook keeps a prompt to run the cell, never a view of a widget that is gone."""

from __future__ import annotations

import json
from pathlib import Path

from trustvalue_course.learner_files.saving import PROMPT, WIDGET_VIEW, keep_prompt
from trustvalue_widgets import SpiralSimulator

REPO = Path(__file__).resolve().parents[1]


def test_every_course_widget_offers_the_prompt_as_plain_text() -> None:
    data, _meta = SpiralSimulator()._repr_mimebundle_()
    assert data["text/plain"] == PROMPT and WIDGET_VIEW in data


def test_saving_replaces_widget_views_by_the_prompt_and_keeps_the_rest() -> None:
    view = {"model_id": "abc", "version_major": 2, "version_minor": 1}
    shown = {"output_type": "execute_result", "data": {WIDGET_VIEW: view, "text/plain": "x"}}
    printed = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
    table = {"output_type": "display_data", "data": {"text/html": "<b>t</b>"}}
    model = {
        "type": "notebook",
        "content": {
            "cells": [
                {"cell_type": "code", "source": "activity('x')", "outputs": [shown, printed]},
                {"cell_type": "code", "source": "t", "outputs": [table]},
                {"cell_type": "markdown", "source": "Read me"},
            ]
        },
    }
    keep_prompt(model, path="m.ipynb")
    cells = model["content"]["cells"]
    assert cells[0]["outputs"][0]["data"] == {"text/plain": PROMPT}
    assert cells[0]["outputs"][1] == printed and cells[1]["outputs"][0] == table
    keep_prompt({"type": "file", "content": "text"}, path="notes.txt")  # not a notebook: untouched


def test_the_environment_sets_the_hook() -> None:
    """make setup writes the server setting that runs the hook on every save."""
    import sys

    config = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    hook = json.loads(config.read_text())["ContentsManager"]["pre_save_hook"]
    assert hook == "trustvalue_course.learner_files.saving.keep_prompt"
