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
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from .content import Content, load_content
from .models import ActivityCell, ExerciseCell, MarkdownCell, ModuleKeys, ModuleSpec, ReflectionCell
from .yamlsource import ContentError, Problem, read_yaml

REPO = Path(__file__).resolve().parents[2]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
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


def _activity_text(act: Any) -> str:
    title = (
        act.title
        or {
            "sorter": "Activity: sort the statements",
            "scorecard": "Activity: score the alliance",
            "spiral": "Activity: the spiral simulator",
            "course_map": "Your course map",
        }[act.widget]
    )
    return f"### {title}\n\n{act.intro.strip()}"


def source_notebook(module: ModuleSpec, keys: ModuleKeys) -> Any:
    """The graded source notebook for ``module``, with solutions and hidden tests."""
    cells = []
    objectives = "\n".join(f"- {o}" for o in module.objectives)
    cells.append(
        _md(
            "title",
            f"# Module {module.number}: {module.title}\n\n"
            f"*About {module.minutes} minutes.* {SOURCE_LINKS}\n\n"
            f"**By the end of this module you will be able to:**\n\n{objectives}\n\n"
            "Run the cell below first (click it, then press **Shift+Enter**), or use "
            "**Run > Run All Cells**. Your work is saved as you go.",
        )
    )
    cells.append(
        _code(
            "setup",
            "# Loads the course's activities and checks. Run me first.\n"
            "from trustvalue_course.exercises import Exercises\n"
            "from trustvalue_widgets import activity\n\n"
            f'exercises = Exercises("{module.id}")',
            locked=True,
        )
    )
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
            ex = cell.exercise
            key = keys.exercises[ex.id]
            options = "\n".join(f"- **{letter}**: {text}" for letter, text in ex.options.items())
            cells.append(
                _md(
                    f"{ex.id}-prompt",
                    f"**Question {ex.id[1:]}** ({ex.points} point{'s' if ex.points > 1 else ''})"
                    f"\n\n{ex.prompt.strip()}\n\n{options}\n\n"
                    f"*To answer, replace the three dots in the cell below with your letter in "
                    f'quotes, for example `{ex.id} = "{next(iter(ex.options))}"`, then run that '
                    "cell and the check below it.*",
                )
            )
            cells.append(
                _code(
                    f"{ex.id}-answer",
                    f'{ex.id} = ...  # replace the three dots with your letter in quotes, like "A"\n'
                    "### BEGIN SOLUTION\n"
                    f'{ex.id} = "{key.answer}"\n'
                    "### END SOLUTION",
                    solution=True,
                )
            )
            cells.append(
                _code(
                    f"{ex.id}-check",
                    f"# Checks question {ex.id[1:]}: answered, one of the letters offered, and correct.\n"
                    f'exercises.check("{ex.id}", {ex.id})\n'
                    "### BEGIN HIDDEN TESTS\n"
                    f'exercises.grade("{ex.id}", {ex.id}, answer="{key.answer}", why={key.why!r})\n'
                    "### END HIDDEN TESTS",
                    grade=True,
                    locked=True,
                    points=ex.points,
                )
            )
            # Unanswered, this check stops with a message; nbval is told to expect that.
            cells[-1]["metadata"]["tags"] = ["raises-exception"]
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
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
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
        cells=nb_cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
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
        "course": "the course's own synthesis",
    }
    cells = [
        (
            "glossary",
            "# Glossary\n\nEvery term the course uses, in alphabetical order. "
            "Each says where it comes from: [Kittel, 2007](references.ipynb#kittel-2007), "
            "[Leavitt & McKeown, 2013](references.ipynb#leavitt-mckeown-2013), "
            "or the course itself.",
        )
    ]
    for term in sorted(content.glossary.terms, key=lambda t: t.term.lower()):
        see = ", ".join(f"[{a.replace('-', ' ')}](#cell-id={a})" for a in term.see_also)
        cells.append(
            (
                term.anchor,
                f"## {term.term}\n\n{term.definition.strip()}\n\n"
                f"*Source: {names[term.source]}.*" + (f" See also: {see}." if see else ""),
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
    "on a module. Terms: [glossary](glossary.ipynb). Sources: [references](references.ipynb)."
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


def nbgrader_generate(course_dir: Path, module_id: str) -> None:
    """Run the real ``nbgrader generate_assignment`` for one module."""
    with tempfile.TemporaryDirectory() as db_dir:
        cmd = [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_assignment",
            module_id,
            "--force",
            "--CourseDirectory.db_url=sqlite:///" + str(Path(db_dir) / "gradebook.db"),
            "--log-level=WARN",
        ]
        proc = subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, env=venv_env())
    if proc.returncode != 0:
        raise RuntimeError(
            f"nbgrader generate_assignment {module_id} failed:\n{proc.stdout}\n{proc.stderr}"
        )


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
        write_notebook(source_notebook(module, keys), src)
        written.append(src)
        nbgrader_generate(course_dir, module.id)
        release = repo / "modules" / module.id / f"{module.id}.ipynb"
        normalise_release(release)
        written.append(release)
    map_nb = app_notebook(
        COURSE_MAP_HEADING, "from trustvalue_widgets import CourseMap\n\nCourseMap()"
    )
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
        stale = []
        for path in build(scratch):
            rel = path.relative_to(scratch)
            if not (repo / rel).exists() or not filecmp.cmp(path, repo / rel, shallow=False):
                stale.append(str(rel))
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
