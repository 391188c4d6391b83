"""A module's graded source notebook: its reading, activities, questions and reflections."""

from __future__ import annotations

from typing import Any

import nbformat

from ..content.models import (
    ActivityCell,
    Exercise,
    ExerciseCell,
    MarkdownCell,
    ModuleKeys,
    ModuleSpec,
    ReflectionCell,
)
from ..kinds import KINDS
from .cells import KERNELSPEC, LANGUAGE_INFO, code_cell, markdown_cell

SOURCE_LINKS = (
    "Sources: [Kittel, 2007](../references.ipynb#kittel-2007) and "
    "[Leavitt & McKeown, 2013](../references.ipynb#leavitt-mckeown-2013), "
    "taught in the course's own words. Terms are explained in the [glossary](../glossary.ipynb)."
)

# Every module's header: a session on Binder ends; one line keeps the learner's work.
BACKUP_LINE = (
    "# Your work beyond this session: download all of it, or restore it from that file.\n"
    "from trustvalue_widgets.backup import CourseBackup\n\n"
    "CourseBackup(compact=True)"
)


def question_cells(ex: Exercise) -> list[Any]:
    """A question: its prompt, then the widget that takes and saves the answer (a grade cell).

    The cell holds no answer and no test: the grader reads the saved answer as
    data (:mod:`trustvalue_course.grading.preprocessors`), and the self-study edition finds
    its explanations in the practice file the build writes beside the notebook.
    """
    points = f"{ex.points} point{'s' if ex.points > 1 else ''}"
    prompt = markdown_cell(
        f"{ex.id}-prompt",
        f"**Question {ex.id[1:]}** ({points})\n\n{ex.prompt.strip()}\n\n"
        "*Choose one option below, then press the button to answer.*",
    )
    widget = code_cell(ex.id, f'question("{ex.id}")', grade=True, locked=True, points=ex.points)
    return [prompt, widget]


def activity_text(act: Any) -> str:
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
        markdown_cell(
            "title",
            f"# Module {module.number}: {module.title}\n\n"
            f"{about}{SOURCE_LINKS}\n\n"
            f"**By the end of this module you will be able to:**\n\n{objectives}\n\n"
            "Run the cell below first (click it, then press **Shift+Enter**), or use "
            "**Run > Run All Cells**. Your work is saved as you go.",
        )
    )
    cells.append(
        code_cell(
            "setup",
            "# Loads the course's activities and questions. Run me first.\n"
            "from trustvalue_widgets import activity\n"
            "from trustvalue_widgets.question import questions\n\n"
            f'question = questions("{module.id}")',
            locked=True,
        )
    )
    cells.append(code_cell("backup", BACKUP_LINE, locked=True))
    n_md = 0
    for cell in module.cells:
        if isinstance(cell, MarkdownCell):
            n_md += 1
            cells.append(markdown_cell(f"reading-{n_md:02d}", cell.markdown))
        elif isinstance(cell, ActivityCell):
            act = cell.activity
            cells.append(markdown_cell(f"{act.id}-intro", activity_text(act)))
            cells.append(code_cell(act.id, f'activity("{act.id}")', locked=True))
        elif isinstance(cell, ExerciseCell):
            cells.extend(question_cells(cell.exercise))
        elif isinstance(cell, ReflectionCell):
            r = cell.reflection
            guide = keys.reflections[r.id].guide.strip()
            cells.append(
                markdown_cell(
                    f"{r.id}-prompt",
                    f"**Reflection** ({r.points} points, graded by your instructor)\n\n"
                    f"{r.prompt.strip()}\n\nWrite your answer in the cell below "
                    "(double-click it to edit; Shift+Enter to finish).",
                )
            )
            cells.append(
                markdown_cell(
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
                sample = markdown_cell(
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
