"""nbgrader's API for a course folder, configured as the course configures it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any


def nbgrader_api(course: Path, busy_timeout: float = 120) -> Any:
    """nbgrader's API for the course folder, with the config nbgrader itself would load."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from traitlets.config import Config

    os.chdir(course)
    app = NbGrader()
    app.log_level = "ERROR"
    with contextlib.redirect_stderr(open(os.devnull, "w")):
        app.load_config_file()
    config = Config(app.config)
    root = Path(config.CourseDirectory.get("root", course)).resolve()
    config.CourseDirectory.root = str(root)
    # SQLite waits for a concurrent writer instead of failing at once.
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}?timeout={busy_timeout}"
    return NbGraderAPI(config=config)


def course_root(api: Any) -> Path:
    return Path(api.coursedir.root)
