"""The cohort's steps over nbgrader's API: release, collect, autograde, feedback, return."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from .api import course_root, nbgrader_api
from .checks import explain_score, has_questions, inspect_submission
from .report import Outcome, Progress, error_lines, write_report


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
                outcome.reasons += [r for r in error_lines(result) if r not in outcome.reasons]
                outcome.score = outcome.score or 0.0
            outcomes.append(outcome)
    write_report(root / "reports" / f"{module}-autograde.csv", outcomes)
    return outcomes


def _whole(step: str, fn: Callable[[], dict[str, Any]]) -> list[Outcome]:
    """A step nbgrader does for the whole class in one call."""
    start = time.perf_counter()
    result = fn()
    Progress(1, step).step("the class", bool(result.get("success")))
    return [
        Outcome(
            step,
            bool(result.get("success")),
            reasons=error_lines(result) if not result.get("success") else [],
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
                reasons=[] if ok else error_lines(result),
                seconds=time.perf_counter() - start,
            )
        )
        progress.step(student, ok)
    return outcomes


def return_feedback(api: Any, module: str) -> list[Outcome]:
    return _whole("return", lambda: api.release_feedback(module))
