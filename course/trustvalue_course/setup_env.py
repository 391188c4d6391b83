"""One-off environment settings, run by `make setup` inside the venv.

JupyterLab's news pop-up asks the network and covers the page, so it is
switched off for this environment (not for the user's other Jupyter installs).
Voila, also when it runs inside Jupyter (Binder), skips the Lab extensions
that break its page. Jupyter saves notebooks without dead widget views
(``saving.keep_prompt``). All settings go into the environment's own folders.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .saving import HOOK as SAVE_HOOK
from .serve import EXTENSION_DENYLIST, TEMPLATE_ROOT

INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)


def lab_overrides_path(prefix: Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    path = lab_overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    overrides = json.loads(path.read_text()) if path.exists() else {}
    overrides.setdefault("@jupyterlab/apputils-extension:notification", {})["fetchNews"] = "false"
    overrides.setdefault("@jupyterlab/apputils-extension:notification", {})["checkForUpdates"] = (
        False
    )
    path.write_text(json.dumps(overrides, indent=2) + "\n")
    print(f"JupyterLab settings written to {path}")
    voila = Path(sys.prefix) / "etc" / "jupyter" / "voila.json"
    voila.parent.mkdir(parents=True, exist_ok=True)
    voila.write_text(
        json.dumps({"VoilaConfiguration": {"extension_denylist": EXTENSION_DENYLIST}}, indent=2)
        + "\n"
    )
    print(f"Voila settings written to {voila}")
    # Saved notebooks keep a prompt to run the cell in place of each widget view.
    server = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    settings = json.loads(server.read_text()) if server.exists() else {}
    settings.setdefault("ContentsManager", {})["pre_save_hook"] = SAVE_HOOK
    server.write_text(json.dumps(settings, indent=2) + "\n")
    print(f"Jupyter server settings written to {server}")
    # The course's Voila template (offline, projector-sized), found by any Voila of this venv.
    link = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "trustvalue"
    target = TEMPLATE_ROOT / "voila" / "templates" / "trustvalue"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=True)
    print(f"Voila template linked at {link}")
    if "--learners-only" not in argv:
        return
    # An environment for learners alone (Binder): nbgrader's instructor tools are hidden.
    # Hiding them at this level locks them, so a local install leaves them alone.
    page = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    page.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(page.read_text()) if page.exists() else {}
    config.setdefault("disabledExtensions", {}).update({name: True for name in INSTRUCTOR_PLUGINS})
    page.write_text(json.dumps(config, indent=2) + "\n")
    print(f"Instructor-only Lab tools hidden from learners in {page}")


if __name__ == "__main__":
    main()
