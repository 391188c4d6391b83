"""nbgrader steps of the course: grade from the saved answers, release without practice cells.

``autograder/nbgrader_config.py`` puts :class:`GradeFromAnswers` where
nbgrader's ``Execute`` step would be, so plain ``nbgrader autograde`` never
starts a kernel and never runs anything a learner wrote or changed. For each
question cell (restored from the gradebook by nbgrader's sanitising steps) it
reads the learner's saved answer from the *submitted* folder, reads the key
from the instructor's key files, and writes the marking as the cell's output:
plain text when the answer is right, an error output (no points) with the
reason otherwise. nbgrader's own ``SaveAutoGrades`` then stores the scores,
and ``generate_feedback`` shows the same sentences to the learner.

:class:`DropSelfStudyOnly` removes cells tagged ``self-study-only`` (sample
answers, say) when nbgrader generates the instructor-led release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import compute_checksum
from traitlets import Unicode

from ..content.models import Exercise, ExerciseKey
from ..learning.exercises import Reading, mark, question_label, read_answer
from . import learner_text

SELF_STUDY_ONLY = "self-study-only"


@dataclass(frozen=True)
class GradedQuestion:
    exercise: Exercise
    key: ExerciseKey


def graded_questions(
    module_id: str, keys_dir: Path, bank: Path | None = None
) -> dict[str, GradedQuestion]:
    """Every multiple-choice question of ``module_id`` with its key, from the instructor's files."""
    from .bank import module_with_keys

    module, keys = module_with_keys(module_id, keys_dir, bank)
    return {ex.id: GradedQuestion(ex, keys.exercises[ex.id]) for ex in module.exercises}


def error_output(name: str, text: str) -> NotebookNode:
    return nbformat.v4.new_output("error", ename=name, evalue=text, traceback=[text])


def text_output(text: str) -> NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text + "\n")


def question_cell(question: GradedQuestion) -> NotebookNode:
    """A question cell as the build writes it, for a submission that lost its own."""
    cell = nbformat.v4.new_code_cell(f'question("{question.exercise.id}")')
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": question.exercise.id,
        "locked": True,
        "points": question.exercise.points,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    return cell


class GradeFromAnswers(NbGraderPreprocessor):
    """Mark every question from the submitted saved answers, in the grader's own process."""

    keys_directory = Unicode(
        "keys", help="Folder of the answer keys, relative to the course root."
    ).tag(config=True)
    question_bank = Unicode(
        "", help="The instructor's private question bank (a folder outside the public repository)."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[Any, Any]:
        info = resources["nbgrader"]
        student, assignment = info["student"], info["assignment"]
        coursedir = CourseDirectory(parent=self)
        root = Path(coursedir.root)
        keys_dir = root / self.keys_directory
        bank = Path(self.question_bank).expanduser() if self.question_bank else None
        questions = graded_questions(assignment, keys_dir, bank)
        folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))

        seen: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade"):
                continue
            qid = meta.get("grade_id", "")
            if qid not in questions or qid in seen:
                # Not a question of this module (nbgrader has already restored the real
                # ones from the gradebook): it is an ordinary cell and earns nothing.
                del cell.metadata["nbgrader"]
                continue
            seen.add(qid)
            self._mark(cell, questions[qid], folder, student, assignment)
        for qid, question in questions.items():
            if qid not in seen:
                self.log.warning(
                    "%s/%s: question cell %s was missing; restored", student, assignment, qid
                )
                cell = question_cell(question)
                nb.cells.append(cell)
                self._mark(cell, question, folder, student, assignment)
        return nb, resources

    def _mark(
        self,
        cell: NotebookNode,
        question: GradedQuestion,
        folder: Path,
        student: str,
        assignment: str,
    ) -> None:
        ex = question.exercise
        cell.metadata["nbgrader"]["points"] = ex.points
        try:
            reading = read_answer(folder, ex.id, list(ex.options))
        except Exception as exc:
            reading = Reading(
                ex.id, problem=f"the saved answer could not be read ({type(exc).__name__})"
            )
        result = mark(ex, reading, question.key)
        if reading.problem:
            self.log.warning(
                "%s/%s %s: %s", student, assignment, question_label(ex.id), reading.problem
            )
        if result.correct:
            cell.outputs = [text_output(result.text)]
        else:
            name = {"wrong": "Incorrect", "not answered": "NotAnswered"}.get(
                result.outcome, "AnswerUnreadable"
            )
            cell.outputs = [error_output(name, result.text)]


class ForgetUnknownCells(NbGraderPreprocessor):
    """Sanitising: a cell a learner marked as graded, unknown to the gradebook, is ordinary.

    nbgrader's ``OverwriteCells`` removes the ``grade_id`` of such a cell but
    leaves the rest of its nbgrader metadata, which then fails validation and
    loses the whole submission; here it simply stops being an nbgrader cell.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[Any, Any]:
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is not None and not meta.get("grade_id"):
                self.log.warning("A cell marked for grading is not in the gradebook; ignored")
                del cell.metadata["nbgrader"]
        return nb, resources


class SanitiseLearnerText(NbGraderPreprocessor):
    """Sanitising: every word a learner wrote reaches the instructor as inert text.

    Runs after nbgrader has restored the locked cells from the gradebook, so the
    cells it leaves alone hold the instructor's own text. Every other Markdown
    cell (the reflections, cells a learner added or edited) becomes clean HTML
    (:mod:`.learner_text`); a raw cell, which nbconvert would paste into the page
    as it stands, becomes a Markdown cell showing its text. Cell tags that would
    become CSS classes, and metadata the grading pages read but nbgrader does
    not need, are dropped. The submitted notebook itself is never changed.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[Any, Any]:
        changed = 0
        for cell in nb.cells:
            changed += self._clean_cell(cell)
        nb.metadata = NotebookNode(
            {k: nb.metadata[k] for k in learner_text.NOTEBOOK_METADATA if k in nb.metadata}
        )
        if changed:
            info = resources.get("nbgrader", {})
            self.log.info(
                "%s/%s: %d cell(s) of learner text shown as text",
                info.get("student"),
                info.get("assignment"),
                changed,
            )
        return nb, resources

    def _clean_cell(self, cell: NotebookNode) -> int:
        meta = cell.metadata
        restored = bool(meta.get("nbgrader", {}).get("locked")) and "grade_id" in meta.get(
            "nbgrader", {}
        )
        cell.metadata = NotebookNode({k: meta[k] for k in learner_text.CELL_METADATA if k in meta})
        if "tags" in cell.metadata:
            cell.metadata["tags"] = learner_text.safe_cell_tags(cell.metadata["tags"])
        attachments = cell.pop("attachments", None) or {}
        if cell.cell_type == "code" or restored or self._as_released(cell):
            return 0  # code is shown highlighted (escaped); the others are the instructor's
        text = learner_text.source_text(cell.source)
        if cell.cell_type == "raw":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            clean = learner_text.as_code_block(text)
        else:
            clean = learner_text.safe_markdown(text, attachments)
        cell.source = clean
        return int(clean != text)

    @staticmethod
    def _as_released(cell: NotebookNode) -> bool:
        """An answer cell left as released: the instructor's text, and nbgrader scores it 0."""
        meta = cell.metadata.get("nbgrader", {})
        return bool(meta.get("checksum")) and compute_checksum(cell) == meta["checksum"]


class DropSelfStudyOnly(NbGraderPreprocessor):
    """Leave out cells tagged ``self-study-only`` (the instructor-led edition)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[Any, Any]:
        nb.cells = [c for c in nb.cells if SELF_STUDY_ONLY not in c.metadata.get("tags", [])]
        return nb, resources
