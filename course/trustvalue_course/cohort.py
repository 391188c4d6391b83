"""One command a step for a whole cohort, over nbgrader's own API.

    trustvalue-cohort release MODULE      generate the learners' copy, release it to the exchange
    trustvalue-cohort collect MODULE      collect the submissions from the exchange
    trustvalue-cohort autograde MODULE    grade every submission, both cores, nothing stops it
    trustvalue-cohort feedback MODULE     generate each student's feedback
    trustvalue-cohort return MODULE       release the feedback to the exchange
    trustvalue-cohort export [--to CSV] [--charts DIR]   grades out, charts per module

Run it from the nbgrader course folder (or give ``--course``): it reads the same
nbgrader_config.py files nbgrader does. Each step prints a progress bar and a closing
summary: how many done, which failed and why, the time taken.

Autograding runs one student per worker process (``--workers``, default: one per core).
nbgrader's gradebook is SQLite: workers open it with a busy timeout, so a write waits
for another instead of failing, and a worker whose write still fails is retried alone.
Before the batch the gradebook is copied to ``backups/``; after it SQLite's
``integrity_check`` must answer ``ok`` (otherwise the copy is put back). Each
submission is inspected before grading (file name, JSON, cells, output size, whether
it has saved answers at all) and its grade explained after, in
``reports/<module>-autograde.csv`` and the closing summary.

How a notebook is graded is nbgrader's business, as the course configures it
(autograder/nbgrader_config.py): no notebook is executed; the course's
``GradeFromAnswers`` step reads each question's answer from the submission's
``saved-answers/`` folder as data and compares it with the key. This module only
drives nbgrader, and reports what the grader recorded in each question cell: a wrong
answer, no answer, or an answer that could not be read and why.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import multiprocessing
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

OUTPUT_LIMIT = 1_000_000  # bytes of saved output above which a notebook is flagged
SAVED_ANSWERS = "saved-answers"


# --- nbgrader, configured as the course configures it ---------------------------------


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


# --- progress and summary ---------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal; one line per item elsewhere (logs, CI)."""

    def __init__(self, total: int, label: str, out: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.out = out or sys.stderr
        self.tty = self.out.isatty()

    def step(self, item: str, ok: bool = True) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        mark = "" if ok else "  FAILED"
        line = f"{self.label} [{bar}] {self.done}/{self.total} {item}{mark}"
        if self.tty:
            self.out.write("\r" + line[:120].ljust(120))
            if self.done == self.total:
                self.out.write("\n")
        else:
            self.out.write(line + "\n")
        self.out.flush()


@dataclass
class Outcome:
    """What one student's step came to."""

    student: str
    ok: bool
    score: float | None = None
    max_score: float | None = None
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0


def summary(step: str, module: str, outcomes: list[Outcome], seconds: float) -> str:
    done = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    lines = [f"{step} {module}: {len(done)} of {len(outcomes)} done in {seconds:.1f} s."]
    if failed:
        lines.append(f"Failed ({len(failed)}):")
        lines += [f"  {o.student}: {'; '.join(o.reasons) or 'unknown error'}" for o in failed]
    noted = [o for o in done if o.reasons]
    if noted:
        lines.append(f"Done, with remarks ({len(noted)}):")
        lines += [f"  {o.student}: {'; '.join(o.reasons)}" for o in noted]
    lost = points_lost(done)
    if lost:
        lines.append("Points lost, by question:")
        lines += [
            f"  {q}: " + ", ".join(f"{n} {why}" for why, n in counts.items())
            for q, counts in lost.items()
        ]
    return "\n".join(lines)


def points_lost(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """{question: {why: students}} from the grader's reasons (explain_score), in order."""
    lost: dict[str, dict[str, int]] = {}
    for o in outcomes:
        for reason in o.reasons:
            question, _, why = reason.partition(": ")
            why = why.split(":", 1)[0]
            if why in (*_OUTCOMES.values(), "unreadable"):
                counts = lost.setdefault(question, {})
                counts[why] = counts.get(why, 0) + 1
    return dict(sorted(lost.items()))


def _error_lines(result: dict[str, Any]) -> list[str]:
    """The reason nbgrader gives for a failure: each ERROR record of its log, a traceback
    reduced to its last line; else the exception it raised."""
    records: list[list[str]] = []
    for line in (result.get("log") or "").splitlines():
        if line.startswith("["):
            records.append([line])
        elif records:
            records[-1].append(line)
    errors = []
    for record in records:
        if not record[0].startswith("[ERROR]"):
            continue
        lines = [record[0].split("]", 1)[1].strip(), *(r.strip() for r in record[1:])]
        lines = [x for x in lines if x]
        text = lines[-1] if lines and lines[0].startswith("Traceback") else " ".join(lines)
        boring = ("There was an error processing", "Please see the", "Traceback")
        if text and not text.startswith(boring) and not any(e in text for e in errors):
            errors.append(text)
    if not errors and result.get("error"):
        errors = [result["error"].strip().splitlines()[-1]]
    return errors[:3]


# --- inspecting a submission before grading ---------------------------------------------


def _graded_cells(nb: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(grade_id, cell_type, source) of each nbgrader cell, in order."""
    cells = []
    for cell in nb.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if meta.get("grade_id"):
            source = cell.get("source", "")
            cells.append(
                (
                    meta["grade_id"],
                    cell.get("cell_type", ""),
                    "".join(source) if isinstance(source, list) else source,
                )
            )
    return cells


def _output_bytes(nb: dict[str, Any]) -> int:
    return sum(
        len(json.dumps(cell.get("outputs", [])))
        for cell in nb.get("cells", [])
        if isinstance(cell, dict)
    )


def has_questions(release: Path) -> bool:
    """True when a released module has automatically graded questions (answered by the
    question widgets, which save to saved-answers/ beside the notebook)."""
    for path in release.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and cell.get("cell_type") == "code":
                return True
    return False


def inspect_submission(folder: Path, release: Path, uses_saved_answers: bool) -> list[str]:
    """What is wrong with a submitted module folder, compared with its released copy.

    Nothing here decides a grade: nbgrader grades (restoring locked cells from the
    source); these remarks tell the instructor what the learner's file looked like.
    """
    reasons: list[str] = []
    expected = sorted(p.name for p in release.glob("*.ipynb"))
    for name in expected:
        path = folder / name
        if not path.exists():
            others = sorted(p.name for p in folder.glob("*.ipynb"))
            found = f" (found {', '.join(others)})" if others else ""
            reasons.append(f"wrong file name: no {name}{found}")
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            where = f" at line {err.lineno}, column {err.colno}" if hasattr(err, "lineno") else ""
            reasons.append(f"not valid JSON{where}")
            continue
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            reasons.append("not a notebook (no list of cells)")
            continue
        released = json.loads((release / name).read_text(encoding="utf-8"))
        reasons += _compare_cells(_graded_cells(nb), _graded_cells(released))
        extra = len(nb["cells"]) - len(released["cells"])
        if extra > 0:
            reasons.append(f"{extra} extra cell{'s' if extra > 1 else ''}")
        size = _output_bytes(nb)
        if size > OUTPUT_LIMIT:
            reasons.append(f"{size / 1e6:.1f} MB of saved output (cleared before grading)")
    # The answers are the files in saved-answers/: one that is damaged or not an answer
    # is reported by the grader, question by question (explain_score).
    if uses_saved_answers and not (folder / SAVED_ANSWERS).is_dir():
        reasons.append("no saved answers")
    return reasons


def _compare_cells(got: list[tuple[str, str, str]], want: list[tuple[str, str, str]]) -> list[str]:
    reasons = []
    got_ids = [g[0] for g in got]
    want_types = {w[0]: w[1] for w in want}
    want_sources = {w[0]: w[2] for w in want}
    missing = [w[0] for w in want if w[0] not in got_ids]
    if missing:
        reasons.append(f"deleted cells: {', '.join(missing)}")
    present = [i for i in got_ids if i in want_types]
    if present != [w[0] for w in want if w[0] in present]:
        reasons.append("cells reordered")
    retyped = [f"{i} ({t}, not {want_types[i]})" for i, t, _ in got if want_types.get(i, t) != t]
    if retyped:
        reasons.append(f"retyped cells: {', '.join(retyped)}")
    emptied = [i for i, _, s in got if not s.strip() and want_sources.get(i, "").strip()]
    if emptied:
        reasons.append(f"emptied cells: {', '.join(emptied)}")
    return reasons


# How the course's grader (trustvalue_course.grading.GradeFromAnswers) marks a question
# it could not give its point: the error output's name, and the sentence it writes.
_OUTCOMES = {"Incorrect": "wrong answer", "NotAnswered": "not answered"}
_UNREADABLE = ": your answer could not be read: "


def explain_score(autograded: Path) -> list[str]:
    """Why points were lost, as the grader recorded it in each question cell's output:
    ``q3: wrong answer``, ``q1: not answered``, ``q2: unreadable: <why>``."""
    reasons = []
    for path in sorted(autograded.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not (meta.get("grade") and cell["cell_type"] == "code"):
                continue
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if not errors:
                continue
            name, text = errors[-1].get("ename", ""), str(errors[-1].get("evalue", ""))
            if name in _OUTCOMES:
                reason = _OUTCOMES[name]
            elif _UNREADABLE in text:
                why = text.split(_UNREADABLE, 1)[1].split(". The best answer is ", 1)[0]
                reason = f"unreadable: {why}"
            else:  # anything else the grader wrote: its first sentence
                reason = f"{name}: {text.split('. ', 1)[0]}".strip(": ")
            reasons.append(f"{meta['grade_id']}: {reason[:200]}")
    return reasons


# --- the steps ----------------------------------------------------------------------------


def submitted_students(root: Path, module: str) -> list[str]:
    return sorted(p.parent.name for p in (root / "submitted").glob(f"*/{module}") if p.is_dir())


def backup_gradebook(root: Path, label: str) -> Path | None:
    """A consistent copy of the gradebook (SQLite's backup API) in backups/."""
    db = root / "gradebook.db"
    if not db.exists():
        return None
    dest = root / "backups" / f"gradebook-{label}-{time.strftime('%Y%m%dT%H%M%S')}.db"
    dest.parent.mkdir(exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(db)) as src,
        contextlib.closing(sqlite3.connect(dest)) as dst,
    ):
        src.backup(dst)
    return dest


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


_WORKER_API: Any = None


def _worker_init(course: str) -> None:
    global _WORKER_API
    _WORKER_API = nbgrader_api(Path(course))


def _autograde_one(module: str, student: str) -> tuple[str, dict[str, Any], float]:
    start = time.perf_counter()
    result = _WORKER_API.autograde(module, student, force=True, create=True)
    return student, result, time.perf_counter() - start


def _pool(workers: int, course: Path) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(str(course),)
    )


def autograde(
    api: Any, module: str, workers: int | None = None, students: Iterable[str] | None = None
) -> list[Outcome]:
    """Autograde every collected submission of ``module``; return one outcome per student."""
    from nbgrader.api import Gradebook, MissingEntry

    root = course_root(api)
    students = sorted(students or submitted_students(root, module))
    # The released notebooks, as nbgrader's config places them (autograder/release/).
    release = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", module))
    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        try:
            gb.find_assignment(module)
        except MissingEntry:
            raise SystemExit(
                f"{module} is not in the gradebook of {root}: release it first "
                f"(trustvalue-cohort release {module})."
            ) from None
        for student in students:
            gb.update_or_create_student(student)
    backup = backup_gradebook(root, module)
    uses_saved = has_questions(release)
    remarks = {
        s: inspect_submission(root / "submitted" / s / module, release, uses_saved)
        for s in students
    }
    results: dict[str, tuple[dict[str, Any], float]] = {}
    progress = Progress(len(students), f"autograde {module}")
    # One per core: grading starts no kernel, each worker keeps its core busy.
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(students) > 1:
        with _pool(workers, root) as pool:
            futures = [pool.submit(_autograde_one, module, s) for s in students]
            for future in as_completed(futures):
                student, result, seconds = future.result()
                results[student] = (result, seconds)
                progress.step(student, result.get("success", False))
    else:
        for student in students:
            start = time.perf_counter()
            result = api.autograde(module, student, force=True, create=True)
            results[student] = (result, time.perf_counter() - start)
            progress.step(student, result.get("success", False))
    # A write that lost a race for the database is retried, alone.
    for student, (result, _) in list(results.items()):
        if not result.get("success") and "database is locked" in json.dumps(result):
            start = time.perf_counter()
            results[student] = (api.autograde(module, student), time.perf_counter() - start)
    check = integrity(root / "gradebook.db")
    if check != "ok":
        if backup is not None:
            shutil.copy(backup, root / "gradebook.db")
        raise RuntimeError(f"gradebook failed its integrity check ({check}); restored {backup}")
    outcomes = []
    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        for student in students:
            result, seconds = results[student]
            outcome = Outcome(student, bool(result.get("success")), seconds=seconds)
            outcome.reasons = list(remarks[student])
            try:
                submission = gb.find_submission(module, student)
                outcome.score, outcome.max_score = submission.score, submission.max_score
            except MissingEntry:  # no gradebook entry: it stays a failure
                outcome.ok = False
            if outcome.ok:
                outcome.reasons += explain_score(root / "autograded" / student / module)
            else:
                outcome.reasons += [r for r in _error_lines(result) if r not in outcome.reasons]
                outcome.score = outcome.score or 0.0
            outcomes.append(outcome)
    write_report(root / "reports" / f"{module}-autograde.csv", outcomes)
    return outcomes


def write_report(path: Path, outcomes: list[Outcome]) -> None:
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "status", "score", "max_score", "seconds", "reasons"])
        for o in outcomes:
            writer.writerow(
                [
                    o.student,
                    "graded" if o.ok else "failed",
                    "" if o.score is None else o.score,
                    "" if o.max_score is None else o.max_score,
                    f"{o.seconds:.1f}",
                    " | ".join(o.reasons),
                ]
            )


def read_report(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


def _whole(step: str, fn: Callable[[], dict[str, Any]]) -> list[Outcome]:
    """A step nbgrader does for the whole class in one call."""
    start = time.perf_counter()
    result = fn()
    Progress(1, step).step("the class", bool(result.get("success")))
    return [
        Outcome(
            step,
            bool(result.get("success")),
            reasons=_error_lines(result) if not result.get("success") else [],
            seconds=time.perf_counter() - start,
        )
    ]


def release(api: Any, module: str) -> list[Outcome]:
    outcomes = _whole("generate", lambda: api.generate_assignment(module, force=True))
    if outcomes[0].ok:
        api.unrelease(module)  # a re-release replaces the previous one
        outcomes += _whole("release", lambda: api.release_assignment(module))
    return outcomes


def collect(api: Any, module: str) -> list[Outcome]:
    """Collect from the exchange; one outcome per student with a submission afterwards."""
    outcomes = _whole("collect", lambda: api.collect(module))
    if not outcomes[0].ok:
        return outcomes
    return [Outcome(s, True) for s in submitted_students(course_root(api), module)]


def feedback(api: Any, module: str) -> list[Outcome]:
    root = course_root(api)
    students = sorted(p.parent.name for p in (root / "autograded").glob(f"*/{module}"))
    progress = Progress(len(students), f"feedback {module}")
    outcomes = []
    for student in students:
        start = time.perf_counter()
        result = api.generate_feedback(module, student, force=True)
        ok = bool(result.get("success"))
        outcomes.append(
            Outcome(
                student,
                ok,
                reasons=[] if ok else _error_lines(result),
                seconds=time.perf_counter() - start,
            )
        )
        progress.step(student, ok)
    return outcomes


def return_feedback(api: Any, module: str) -> list[Outcome]:
    return _whole("return", lambda: api.release_feedback(module))


# --- what the instructor looks at -------------------------------------------------------


def gradebook_table(api: Any) -> tuple[list[str], dict[str, dict[str, tuple[float, float]]]]:
    """Modules in order, and {student: {module: (score, max_score)}} for every submission."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        modules = [a.name for a in sorted(gb.assignments, key=lambda a: a.name)]
        table: dict[str, dict[str, tuple[float, float]]] = {s.id: {} for s in gb.students}
        for module in modules:
            for sub in gb.assignment_submissions(module):
                table.setdefault(sub.student.id, {})[module] = (sub.score, sub.max_score)
    return modules, table


def question_shares(api: Any, module: str) -> tuple[list[float], list[tuple[str, float]]]:
    """The cohort's scores on ``module`` and, per automatically graded question, the share of
    students who got it fully right (hand-graded answers are left out)."""
    from nbgrader.api import Gradebook

    scores: list[float] = []
    right: dict[str, list[bool]] = {}
    with Gradebook(api.coursedir.db_url, api.course_id) as gb:
        for sub in gb.assignment_submissions(module):
            scores.append(sub.score)
            for nb in sub.notebooks:
                for grade in nb.grades:
                    # Automatically graded questions are nbgrader's code test cells.
                    if grade.max_score and grade.cell.cell_type == "code":
                        right.setdefault(grade.name, []).append(grade.score >= grade.max_score)
    shares = [(name, sum(v) / len(v)) for name, v in sorted(right.items())]
    return scores, shares


def write_grades_csv(
    path: Path, modules: list[str], table: dict[str, dict[str, tuple[float, float]]]
) -> None:
    """One row per student, one column per module, then the total: plain UTF-8 CSV with a
    header row and '.' decimals, as spreadsheets and LMS gradebook imports expect."""
    path.parent.mkdir(parents=True, exist_ok=True)
    maxima = {
        m: max((row[m][1] for row in table.values() if m in row), default=0.0) for m in modules
    }
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["student_id", *(f"{m} (out of {maxima[m]:g})" for m in modules), "total", "out_of"]
        )
        for student in sorted(table):
            row = table[student]
            cells = [f"{row[m][0]:g}" if m in row else "" for m in modules]
            total = sum(row[m][0] for m in row)
            writer.writerow([student, *cells, f"{total:g}", f"{sum(maxima.values()):g}"])


def module_chart(
    module: str, scores: list[float], shares: list[tuple[str, float]], max_score: float = 0
) -> Any:
    """The cohort's scores and each question's share of right answers, side by side."""
    import altair as alt

    counts: dict[float, int] = {}
    for score in scores:
        counts[score] = counts.get(score, 0) + 1
    top = int(max(max(scores, default=0), max_score))
    for point in range(top + 1):  # every possible whole score, also those nobody got
        counts.setdefault(float(point), 0)
    hist = (
        alt.Chart(
            alt.Data(values=[{"score": f"{k:g}", "students": v} for k, v in sorted(counts.items())])
        )
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("score:O", title="Score", sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("students:Q", title="Students", axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=320, height=220, title=f"{module}: scores ({len(scores)} students)")
    )
    bars = (
        alt.Chart(alt.Data(values=[{"question": q, "share": v} for q, v in shares]))
        .mark_bar(color="#f58518")
        .encode(
            x=alt.X(
                "share:Q",
                title="Share right",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("question:N", title=None, sort=None),
            tooltip=["question:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width=320, height=220, title="Which question misleads the class")
    )
    return alt.hconcat(hist, bars).configure_axis(labelFontSize=13, titleFontSize=14)


def export(api: Any, to: Path | None, charts: Path | None) -> list[Path]:
    """Grades CSV and, with ``charts``, an SVG and a self-contained HTML chart per module."""
    root = course_root(api)
    to = to or root / "reports" / "grades.csv"
    modules, table = gradebook_table(api)
    write_grades_csv(to, modules, table)
    written = [to]
    if charts is not None:
        charts.mkdir(parents=True, exist_ok=True)
        for module in modules:
            scores, shares = question_shares(api, module)
            if not scores:
                continue
            top = max((row[module][1] for row in table.values() if module in row), default=0)
            chart = module_chart(module, scores, shares, top)
            for suffix in (".svg", ".html"):
                path = charts / f"{module}-cohort{suffix}"
                # HTML carries Vega's JavaScript inline: it opens without a network.
                chart.save(str(path), inline=True) if suffix == ".html" else chart.save(str(path))
                written.append(path)
    return written


# --- the command ------------------------------------------------------------------------


STEPS = ("release", "collect", "autograde", "feedback", "return", "export")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="trustvalue-cohort", description="One command a step for a cohort, over nbgrader."
    )
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("module", nargs="?", help="module id, e.g. 02-two-perspectives")
    parser.add_argument("--course", type=Path, default=Path.cwd(), help="nbgrader course folder")
    parser.add_argument("--workers", type=int, default=None, help="autograde processes")
    parser.add_argument("--to", type=Path, default=None, help="export: grades CSV path")
    parser.add_argument("--charts", type=Path, default=None, help="export: chart folder")
    args = parser.parse_args(argv)
    if args.step != "export" and not args.module:
        parser.error(f"{args.step} needs a module id, e.g. 02-two-perspectives")
    course = args.course.resolve()
    if not (course / "nbgrader_config.py").exists() and not os.environ.get("JUPYTER_CONFIG_PATH"):
        parser.error(f"{course} has no nbgrader_config.py: give --course, the nbgrader folder")
    api = nbgrader_api(course)
    start = time.perf_counter()
    if args.step == "export":
        written = export(api, args.to, args.charts)
        print("\n".join(f"wrote {p}" for p in written))
        print(f"export: done in {time.perf_counter() - start:.1f} s.")
        return 0
    steps: dict[str, Callable[[], list[Outcome]]] = {
        "release": lambda: release(api, args.module),
        "collect": lambda: collect(api, args.module),
        "autograde": lambda: autograde(api, args.module, args.workers),
        "feedback": lambda: feedback(api, args.module),
        "return": lambda: return_feedback(api, args.module),
    }
    outcomes = steps[args.step]()
    print(summary(args.step, args.module, outcomes, time.perf_counter() - start))
    if args.step == "autograde":
        print(f"Report: {course_root(api) / 'reports' / f'{args.module}-autograde.csv'}")
    return 0 if all(o.ok for o in outcomes if args.step != "autograde") else 1


if __name__ == "__main__":
    sys.exit(main())
