"""Build the course's notebooks from its content files.

One source of truth: ``content/modules/<id>.yaml`` (what learners read and do)
plus ``autograder/keys/<id>.yaml`` (answers and grading guides) produce the
graded *source* notebook ``autograder/source/<id>/<id>.ipynb``. nbgrader's
``generate_assignment`` then produces the learner notebook
``modules/<id>/<id>.ipynb`` from it, without solutions or hidden tests.
The glossary, references and course map pages are built from their data too.
The notebook writers are :mod:`.module_notebook` (a module's source notebook) and
:mod:`.pages` (the other pages and the trainer apps); this module writes their
notebooks and runs nbgrader.

    trustvalue-build                 # everything
    trustvalue-build --check         # fail if a committed notebook is out of date
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from ..content import Content, load_content
from ..content.keys import load_keys
from ..content.models import ModuleKeys, ModuleSpec
from ..content.yamlsource import ContentError
from ..learning.timing import module_minutes
from .binder import load_setting, with_badges
from .module_notebook import source_notebook
from .pages import (
    APPS,
    COURSE_MAP_CODE,
    app_notebook,
    course_map_heading,
    glossary_notebook,
    references_notebook,
)

REPO = Path(__file__).resolve().parents[3]


# ---------------------------------------------------------------------------- writing


def write_notebook(nb: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def venv_env(**extra: str) -> dict[str, str]:
    """The environment for Jupyter tools run from this Python: its bin/ first on PATH.

    nbgrader itself runs ``alembic`` by name, so the venv must come first.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra)
    return env


def nbgrader_generate(
    course_dir: Path,
    module_id: str,
    *,
    self_study: bool = True,
    release_dir: Path | None = None,
    gradebook: bool = False,
) -> Path:
    """Run the real ``nbgrader generate_assignment`` for one module; returns the release folder.

    The self-study edition goes to the course's ``modules/`` and keeps the
    ``self-study-only`` cells; the instructor-led edition is what plain
    ``nbgrader generate_assignment`` makes from ``autograder/`` (``release/``).
    With ``gradebook``, the course's own gradebook records the assignment (a
    graded release); otherwise a scratch one is used and thrown away.
    """
    if release_dir is None:
        release_dir = course_dir.parent / "modules" if self_study else course_dir / "release"
    with tempfile.TemporaryDirectory() as db_dir:
        cmd = [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_assignment",
            module_id,
            "--force",
            f"--CourseDirectory.release_directory={release_dir}",
            f"--DropSelfStudyOnly.enabled={not self_study}",
            "--log-level=WARN",
        ]
        if not gradebook:
            cmd.append("--CourseDirectory.db_url=sqlite:///" + str(Path(db_dir) / "gradebook.db"))
        proc = subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, env=venv_env())
    if proc.returncode != 0:
        raise RuntimeError(
            f"nbgrader generate_assignment {module_id} failed:\n{proc.stdout}\n{proc.stderr}"
        )
    return release_dir / module_id


PRACTICE_FILE = ".practice-answers.json"


def practice_answers(module: ModuleSpec, keys: ModuleKeys) -> str:
    """The self-study edition's explanations: each question's best answer and why (no guides)."""
    data = {
        "version": 1,
        "module": module.id,
        "questions": {
            ex.id: {"answer": keys.exercises[ex.id].answer, "why": keys.exercises[ex.id].why}
            for ex in module.exercises
        },
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def normalise_release(path: Path) -> None:
    """Rewrite nbgrader's output in the same stable JSON form as every other notebook."""
    nb = nbformat.read(path, as_version=4)
    write_notebook(nb, path)


def build(repo: Path = REPO, content: Content | None = None) -> list[Path]:
    """Build every notebook into ``repo``; returns the files written."""
    content = content or load_content()
    course_dir = repo / "autograder"
    written: list[Path] = []
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        keys = load_keys(module, course_dir / "keys")
        src = course_dir / "source" / module.id / f"{module.id}.ipynb"
        write_notebook(source_notebook(module, keys, module_minutes(content, module)), src)
        written.append(src)
        folder = nbgrader_generate(course_dir, module.id, self_study=True)
        release = folder / f"{module.id}.ipynb"
        normalise_release(release)
        written.append(release)
        if module.exercises:
            practice = folder / PRACTICE_FILE
            practice.write_text(practice_answers(module, keys), encoding="utf-8")
            written.append(practice)
    setting = load_setting(repo)
    map_nb = app_notebook(course_map_heading(setting), COURSE_MAP_CODE)
    write_notebook(map_nb, repo / "modules" / "course-map.ipynb")
    written.append(repo / "modules" / "course-map.ipynb")
    for name, (heading, code) in APPS.items():
        path = repo / "apps" / f"{name}.ipynb"
        write_notebook(app_notebook(heading, code), path)
        written.append(path)
    if content.glossary is not None:
        write_notebook(glossary_notebook(content), repo / "modules" / "glossary.ipynb")
        written.append(repo / "modules" / "glossary.ipynb")
    if content.references is not None:
        write_notebook(references_notebook(content), repo / "modules" / "references.ipynb")
        written.append(repo / "modules" / "references.ipynb")
    readme = repo / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        if with_badges(text, setting) != text:
            readme.write_text(with_badges(text, setting), encoding="utf-8")
            written.append(readme)
    return written


def check(repo: Path = REPO) -> list[str]:
    """Build into a scratch copy and list committed notebooks that differ from it."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "repo"
        (scratch / "modules").mkdir(parents=True)
        shutil.copytree(
            repo / "autograder",
            scratch / "autograder",
            ignore=shutil.ignore_patterns(
                "source", "gradebook.db", "submitted", "autograded", "feedback"
            ),
        )
        (scratch / "course").symlink_to(repo / "course")
        (scratch / "binder").symlink_to(repo / "binder")
        stale = []
        for path in build(scratch):
            rel = path.relative_to(scratch)
            if not (repo / rel).exists() or not filecmp.cmp(path, repo / rel, shallow=False):
                stale.append(str(rel))
        readme = (repo / "README.md").read_text(encoding="utf-8")
        if with_badges(readme, load_setting(repo)) != readme:
            stale.append("README.md")
        return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="trustvalue-build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--check", action="store_true", help="only report notebooks that are out of date"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = check()
            for name in stale:
                print(f"out of date: {name} (run `make notebooks`)")
            return 1 if stale else 0
        for path in build():
            print(f"wrote {path.relative_to(REPO)}")
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
