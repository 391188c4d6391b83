"""One-off environment settings, run by `make setup` inside the venv.

JupyterLab's news pop-up asks the network and covers the page, so it is
switched off for this environment (not for the user's other Jupyter installs).
Voila, also when it runs inside Jupyter (Binder, the hub), renders with the
course's template and settings (``voila_settings``). Jupyter saves notebooks without dead widget views
(``saving.keep_prompt``). All settings go into the environment's own folders.

Learners see learners' tools: of nbgrader, JupyterLab shows only the assignment
list, and the server loads neither formgrader, the course list nor validation (so
it does not look for an nbgrader_config.py in the learner's folder). The
instructor's view turns them back on from a folder of higher priority
(``deploy/instructor``: ``make instructor``, and the hub's instructor accounts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..classroom.serve import TEMPLATE_ROOT, VOILA_CONFIG
from ..learner_files.saving import HOOK as SAVE_HOOK

INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:validate-assignment",
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)


def learner_settings(etc: Path) -> list[Path]:
    """Write the learners' view into the Jupyter config folder ``etc``; return the files."""
    page = etc / "labconfig" / "page_config.json"
    page.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(page.read_text()) if page.exists() else {}
    config.setdefault("disabledExtensions", {}).update({name: True for name in INSTRUCTOR_PLUGINS})
    page.write_text(json.dumps(config, indent=2) + "\n")
    # Loaded after nbgrader.json (alphabetical order), so these switches win.
    server = etc / "jupyter_server_config.d" / "trustvalue-learners.json"
    server.parent.mkdir(parents=True, exist_ok=True)
    extensions = {name: False for name in INSTRUCTOR_SERVER_EXTENSIONS}
    server.write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}, indent=2) + "\n"
    )
    return [page, server]


def voila_settings(etc: Path) -> list[Path]:
    """Write the course's Voila settings (``serve.VOILA_CONFIG``) into the Jupyter config
    folder ``etc``, and switch the course's server extension on; return the files.

    Standalone ``voila`` reads ``voila.json``. Voila inside ``jupyter lab`` or ``jupyter
    server`` (Binder, ``make start``, the hub) reads ``voila.json`` for its page settings
    but gives its executor, which runs the cells, the server's own configuration
    (``jupyter_server_config.json``; the ``.d`` folder only switches extensions on), so the
    settings go there too. The course's extension serves the template's ``xsrf.css``
    (closing a tab then shuts its kernel down), and no live room unless ``make present``
    asks for them.
    """
    standalone = etc / "voila.json"
    server = etc / "jupyter_server_config.json"
    switch = etc / "jupyter_server_config.d" / "trustvalue-course.json"
    switch.parent.mkdir(parents=True, exist_ok=True)
    standalone.write_text(json.dumps(VOILA_CONFIG, indent=2) + "\n")
    settings = json.loads(server.read_text()) if server.exists() else {}
    for section, traits in VOILA_CONFIG.items():
        settings.setdefault(section, {}).update(traits)
    server.write_text(json.dumps(settings, indent=2) + "\n")
    extensions = {"trustvalue_course.classroom": True}
    switch.write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}, indent=2) + "\n"
    )
    return [standalone, server, switch]


# Template folders of the course, linked into the environment's Jupyter data folder. nbconvert
# looks for a file of a template in that template's folders before its base templates', so
# the course's mathjax.html.j2 beside nbgrader's formgrade and feedback templates wins.
OFFLINE_TEMPLATES = (
    "voila/templates/trustvalue",
    "nbconvert/templates/formgrade",
    "nbconvert/templates/feedback",
)


def link_template(template: str, prefix: Path | None = None) -> Path:
    """Link the course's ``share/jupyter/<template>`` folder into the environment."""
    link = Path(prefix or sys.prefix) / "share" / "jupyter" / template
    if link.is_symlink() or link.exists():
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(TEMPLATE_ROOT / template, target_is_directory=True)
    return link


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
    for path in voila_settings(Path(sys.prefix) / "etc" / "jupyter"):
        print(f"Voila settings written to {path}")
    # Saved notebooks keep a prompt to run the cell in place of each widget view.
    server = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    settings = json.loads(server.read_text()) if server.exists() else {}
    settings.setdefault("ContentsManager", {})["pre_save_hook"] = SAVE_HOOK
    server.write_text(json.dumps(settings, indent=2) + "\n")
    print(f"Jupyter server settings written to {server}")
    # The course's Voila template (offline, projector-sized), found by any Voila of this venv;
    # and nbgrader's formgrader and feedback pages without nbconvert's CDN MathJax.
    for template in OFFLINE_TEMPLATES:
        link = link_template(template)
        print(f"Template linked at {link}")
    for path in learner_settings(Path(sys.prefix) / "etc" / "jupyter"):
        print(f"Instructor-only nbgrader tools hidden from learners in {path}")
    if "--learners-only" in argv:  # Binder: kept for its postBuild's call
        print("Learners-only environment: the instructor's view is not installed.")


if __name__ == "__main__":
    main()
