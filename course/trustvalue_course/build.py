"""Build the course's notebooks from its content files.

One source of truth: ``content/modules/<id>.yaml`` (what learners read and do)
plus ``autograder/keys/<id>.yaml`` (answers and grading guides) produce the
graded *source* notebook ``autograder/source/<id>/<id>.ipynb``. nbgrader's
``generate_assignment`` then produces the learner notebook
``modules/<id>/<id>.ipynb`` from it, without solutions or hidden tests.
The glossary, references and course map pages are built from their data too.

    trustvalue-build                 # everything
    trustvalue-build --check         # fail if a committed notebook is out of date
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from .binder import COURSE_MAP, BinderSetting, binder_url, load_setting, with_badges
from .content import Content, load_content
from .kinds import KINDS
from .models import (
    ActivityCell,
    Exercise,
    ExerciseCell,
    MarkdownCell,
    ModuleKeys,
    ModuleSpec,
    ReflectionCell,
)
from .timing import module_minutes
from .yamlsource import ContentError, Problem, read_yaml

REPO = Path(__file__).resolve().parents[2]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _language_info() -> dict[str, Any]:
    """What the kernel writes into ``metadata.language_info`` when a notebook opens:
    built with the same, an untouched notebook stays clean (not "unsaved")."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


LANGUAGE_INFO = _language_info()
SOURCE_LINKS = (
    "Sources: [Kittel, 2007](../references.ipynb#kittel-2007) and "
    "[Leavitt & McKeown, 2013](../references.ipynb#leavitt-mckeown-2013), "
    "taught in the course's own words. Terms are explained in the [glossary](../glossary.ipynb)."
)


def load_keys(module: ModuleSpec, keys_dir: Path) -> ModuleKeys:
    """The instructor's keys for ``module``, checked against its questions."""
    path = keys_dir / f"{module.id}.yaml"
    label = (
        str(path.relative_to(keys_dir.parent))
        if path.is_relative_to(keys_dir.parent)
        else str(path)
    )
    if not path.exists():
        if module.exercises or module.reflections:
            raise ContentError([Problem(label, None, "", "missing: every exercise needs a key")])
        return ModuleKeys()
    doc = read_yaml(path, label=label)
    keys = doc.validate(ModuleKeys)
    problems = []
    for ex in module.exercises:
        key = keys.exercises.get(ex.id)
        if key is None:
            problems.append(doc.problem(("exercises",), f"no key for exercise {ex.id!r}"))
        elif key.answer not in ex.options:
            problems.append(
                doc.problem(
                    ("exercises", ex.id, "answer"),
                    f"{key.answer!r} is not an option of {ex.id} ({', '.join(ex.options)})",
                )
            )
    for r in module.reflections:
        if r.id not in keys.reflections:
            problems.append(doc.problem(("reflections",), f"no grading guide for {r.id!r}"))
    asked = {e.id for e in module.exercises} | {r.id for r in module.reflections}
    for extra in (set(keys.exercises) | set(keys.reflections)) - asked:
        problems.append(doc.problem((), f"key {extra!r} answers no question in the module"))
    if problems:
        raise ContentError(problems)
    return keys


# ---------------------------------------------------------------------------- cells


def _meta(
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


def _md(cell_id: str, text: str, **meta: Any) -> Any:
    meta.setdefault("locked", True)
    text = entry_links(text)
    cell = nbformat.v4.new_markdown_cell(text.strip() + "\n", metadata=_meta(cell_id, **meta))
    cell["id"] = cell_id
    return cell


def _code(cell_id: str, source: str, **meta: Any) -> Any:
    cell = nbformat.v4.new_code_cell(source.strip("\n"), metadata=_meta(cell_id, **meta))
    cell["id"] = cell_id
    return cell


def question_cells(ex: Exercise) -> list[Any]:
    """A question: its prompt, then the widget that takes and saves the answer (a grade cell).

    The cell holds no answer and no test: the grader reads the saved answer as
    data (:mod:`trustvalue_course.grading`), and the self-study edition finds
    its explanations in the practice file the build writes beside the notebook.
    """
    points = f"{ex.points} point{'s' if ex.points > 1 else ''}"
    prompt = _md(
        f"{ex.id}-prompt",
        f"**Question {ex.id[1:]}** ({points})\n\n{ex.prompt.strip()}\n\n"
        "*Choose one option below, then press the button to answer.*",
    )
    widget = _code(ex.id, f'question("{ex.id}")', grade=True, locked=True, points=ex.points)
    return [prompt, widget]


def _activity_text(act: Any) -> str:
    title = act.title or KINDS[act.widget].title
    return f"### {title}\n\n{act.intro.strip()}"


def source_notebook(module: ModuleSpec, keys: ModuleKeys, minutes: int | None = None) -> Any:
    """The graded source notebook for ``module``, with solutions and hidden tests.

    ``minutes`` is the module's time, computed from its content by
    :func:`.timing.module_minutes` (the build passes it; without it the title
    gives no time).
    """
    cells = []
    about = f"*About {minutes} minutes.* " if minutes is not None else ""
    objectives = "\n".join(f"- {o}" for o in module.objectives)
    cells.append(
        _md(
            "title",
            f"# Module {module.number}: {module.title}\n\n"
            f"{about}{SOURCE_LINKS}\n\n"
            f"**By the end of this module you will be able to:**\n\n{objectives}\n\n"
            "Run the cell below first (click it, then press **Shift+Enter**), or use "
            "**Run > Run All Cells**. Your work is saved as you go.",
        )
    )
    cells.append(
        _code(
            "setup",
            "# Loads the course's activities and questions. Run me first.\n"
            "from trustvalue_widgets import activity\n"
            "from trustvalue_widgets.question import questions\n\n"
            f'question = questions("{module.id}")',
            locked=True,
        )
    )
    cells.append(_code("backup", BACKUP_LINE, locked=True))
    n_md = 0
    for cell in module.cells:
        if isinstance(cell, MarkdownCell):
            n_md += 1
            cells.append(_md(f"reading-{n_md:02d}", cell.markdown))
        elif isinstance(cell, ActivityCell):
            act = cell.activity
            cells.append(_md(f"{act.id}-intro", _activity_text(act)))
            cells.append(_code(act.id, f'activity("{act.id}")', locked=True))
        elif isinstance(cell, ExerciseCell):
            cells.extend(question_cells(cell.exercise))
        elif isinstance(cell, ReflectionCell):
            r = cell.reflection
            guide = keys.reflections[r.id].guide.strip()
            cells.append(
                _md(
                    f"{r.id}-prompt",
                    f"**Reflection** ({r.points} points, graded by your instructor)\n\n"
                    f"{r.prompt.strip()}\n\nWrite your answer in the cell below "
                    "(double-click it to edit; Shift+Enter to finish).",
                )
            )
            cells.append(
                _md(
                    f"{r.id}-answer",
                    f"### BEGIN SOLUTION\n**Grading guide** (instructors only)\n\n{guide}\n### END SOLUTION",
                    grade=True,
                    solution=True,
                    locked=False,
                    points=r.points,
                )
            )
            if r.sample:
                # Self-study only: the instructor-led edition drops cells with this tag.
                sample = _md(
                    f"{r.id}-sample",
                    "<details>\n<summary><strong>Compare with a strong answer</strong> "
                    "(open this only after you have written yours)</summary>\n\n"
                    f"{r.sample.strip()}\n\n</details>",
                )
                sample["metadata"]["tags"] = ["self-study-only"]
                cells.append(sample)
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": KERNELSPEC,
            "language_info": LANGUAGE_INFO,
            "trustvalue": {"module": module.id, "concepts": module.concepts},
        },
    )
    nb["nbformat_minor"] = 5
    return nb


def _page(cells: list[tuple[str, str]], code: str | None = None) -> Any:
    nb_cells = [_md(cid, text) for cid, text in cells]
    if code:
        nb_cells.append(_code("show", code, locked=True))
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


def glossary_notebook(content: Content) -> Any:
    assert content.glossary is not None
    names = {
        "kittel": "Kittel, 2007",
        "leavitt": "Leavitt & McKeown, 2013",
        "course": "the course's term",
    }
    cells = [
        (
            "glossary",
            # Links stand alone in list items: in running text they would be told
            # apart by colour alone (axe-core's link-in-text-block).
            "# Glossary\n\nEvery term the course uses, in alphabetical order. "
            "Each says where it comes from, one of:\n\n"
            "- [Kittel, 2007](references.ipynb#kittel-2007)\n"
            "- [Leavitt & McKeown, 2013](references.ipynb#leavitt-mckeown-2013)\n"
            "- the course's term: a name or idea of the course's own, not the sources'\n\n"
            "Where a source gives only a term's name, the definition is the course's reading, "
            "and the entry says so.",
        )
    ]
    for term in sorted(content.glossary.terms, key=lambda t: t.term.lower()):
        see = "".join(f"\n- [{a.replace('-', ' ')}](#cell-id={a})" for a in term.see_also)
        source = f"*Source: {names[term.source]}.*"
        if term.defined_by == "course" and term.source != "course":
            source = (
                f"*Source: the term is from {names[term.source]}, which gives only its name; "
                "the definition is the course's reading.*"
            )
        cells.append(
            (
                term.anchor,
                f"## {term.term}\n\n{term.definition.strip()}\n\n{source}"
                + (f"\n\nSee also:\n{see}" if see else ""),
            )
        )
    return _page(cells)


def references_notebook(content: Content) -> Any:
    assert content.references is not None
    intro = "# References\n\nThe course teaches two works, in its own words."
    if content.references.note:
        intro += "\n\n" + content.references.note.strip()
    cells = [("references", intro)]
    for ref in content.references.references:
        cells.append(
            (
                ref.id,
                f"## {ref.short}\n\n{ref.citation.strip()}\n\n"
                f"**What the course takes from it.** {ref.what_the_course_uses.strip()}",
            )
        )
    return _page(cells)


# Trainer apps for Voila: a heading for the room, then imports, content, app, show.
APPS = {
    "presenter": (
        "# Present\n\nOne question at a time. Keys: right arrow or Page Down for the next, "
        "left arrow or Page Up for the previous, Space to reveal, T for the dark theme. "
        "Start a live room and the room answers from its phones.",
        "from trustvalue_widgets.presenter import presenter_app\n\napp = presenter_app()\napp",
    ),
    "statement-sorter": (
        "# Sort the statements\n\nChoose a way of sorting, read each statement aloud, let the room "
        "decide, then click the category. Each choice shows the reason.",
        "from trustvalue_widgets.apps import SorterApp, friendly\n\napp = friendly(SorterApp)\napp",
    ),
    "case-scorecard": (
        "# Score the alliance\n\nScore each element and each contrast with the room, then compare "
        "with the reference and discuss the biggest gaps.",
        "from trustvalue_widgets.apps import friendly, scorecard_app\n\n"
        "app = friendly(scorecard_app)\napp",
    ),
    "course-map": (
        "# Course map\n\nEvery module, how long it takes, and its activities.",
        "from trustvalue_widgets.apps import course_map_app, friendly\n\n"
        "app = friendly(course_map_app)\napp",
    ),
    "spiral-simulator": (
        "# The trust spiral\n\nMove the sliders and watch an alliance spiral in or out. "
        "Add a shock and ask the room what would rebuild trust afterwards.",
        "from trustvalue_widgets.apps import friendly, spiral_app\n\napp = friendly(spiral_app)\napp",
    ),
}


COURSE_MAP_HEADING = (
    "# Course map\n\nEvery module, how long it takes, and the activities you have finished "
    "(read from your saved answers). Run the cell below, or press **Refresh** after working "
    "on a module. Terms: [glossary](glossary.ipynb). Sources: [references](references.ipynb).\n\n"
    "**Keep your work.** On Binder a session ends after a while without use, and your answers "
    "with it. Below the map, **Download all my work** saves every module's answers in one "
    "small file; on a new session, **Restore from a file** puts them back."
)


# Below the map: download all the learner's work as one file, or restore it.
COURSE_MAP_CODE = (
    "from IPython.display import display\n\n"
    "from trustvalue_widgets import CourseMap\n"
    "from trustvalue_widgets.backup import CourseBackup\n\n"
    "course_map = CourseMap()\n"
    "display(course_map)\n"
    "CourseBackup(after_restore=course_map.refresh)"
)
# Every module's header: a session on Binder ends; one line keeps the learner's work.
BACKUP_LINE = (
    "# Your work beyond this session: download all of it, or restore it from that file.\n"
    "from trustvalue_widgets.backup import CourseBackup\n\n"
    "CourseBackup(compact=True)"
)


def course_map_heading(setting: BinderSetting) -> str:
    """The course map's heading, with the Binder address from ``binder/course.yaml``."""
    return (
        f"{COURSE_MAP_HEADING} Working on your own computer and moving to Binder? "
        f"[Open this course map on Binder]({binder_url(setting, COURSE_MAP)}) and restore "
        "your file there."
    )


def app_notebook(heading: str, code: str) -> Any:
    return _page([("heading", heading)], code)


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
