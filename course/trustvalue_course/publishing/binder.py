"""Binder links, all generated from one setting: ``binder/course.yaml``.

The setting names the GitHub repository and the branch Binder builds (the
learners' edition). The README's badges and every Binder link in a notebook
come from :func:`binder_url`; ``trustvalue-build`` rewrites the README's badge
block, and ``trustvalue-build --check`` reports a README whose badges disagree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..content.yamlsource import read_yaml

SETTING = Path("binder") / "course.yaml"
BINDER = "https://mybinder.org/v2/gh"
# Binder's two doors into the course: JupyterLab at the start, and the trainers' apps in Voila.
START_HERE = "lab/tree/modules/00-start-here/00-start-here.ipynb"
VOILA_APP = "voila/render/apps/statement-sorter.ipynb"
COURSE_MAP = "lab/tree/modules/course-map.ipynb"
BADGES_START = "<!-- binder-badges: generated from binder/course.yaml by `make notebooks` -->"
BADGES_END = "<!-- /binder-badges -->"


class BinderSetting(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A GitHub owner/name, and a git branch name.
    repository: Annotated[
        str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
    ]
    branch: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._/-]{0,199}$")]


class _SettingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    binder: BinderSetting


def load_setting(repo: Path) -> BinderSetting:
    """The setting in ``repo/binder/course.yaml``; errors name the file, line and field."""
    return read_yaml(repo / SETTING, label=str(SETTING)).validate(_SettingFile).binder


def binder_url(setting: BinderSetting, urlpath: str) -> str:
    """The Binder address that builds the setting's branch and opens ``urlpath``."""
    return f"{BINDER}/{setting.repository}/{quote(setting.branch, safe='')}?urlpath={quote(urlpath, safe='/')}"


def badges(setting: BinderSetting) -> str:
    lab = binder_url(setting, START_HERE)
    voila = binder_url(setting, VOILA_APP)
    return (
        f"{BADGES_START}\n"
        f"[![Open the course in JupyterLab on Binder](https://mybinder.org/badge_logo.svg)]({lab})\n"
        "[![Open the trainer apps (Voila) on Binder]"
        f"(https://img.shields.io/badge/Voila-trainer%20apps-F37626)]({voila})\n"
        f"{BADGES_END}"
    )


def with_badges(readme: str, setting: BinderSetting) -> str:
    """``readme`` with its badge block generated from ``setting``."""
    start, end = readme.find(BADGES_START), readme.find(BADGES_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no badge block ({BADGES_START} ... {BADGES_END})")
    return readme[:start] + badges(setting) + readme[end + len(BADGES_END) :]


BINDER_LINK = re.compile(r"https://mybinder\.org/v2/[^\s)\"'<>\]]+")
