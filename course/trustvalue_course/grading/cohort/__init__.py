"""One command a step for a whole cohort, over nbgrader's own API (``main``; a module per step).
Imports nbgrader and, through it, the course's grading steps; nothing of the course imports it.

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
``saved-answers/`` folder as data and compares it with the key. This package only
drives nbgrader, and reports what the grader recorded in each question cell: a wrong
answer, no answer, or an answer that could not be read and why.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from .api import course_root, nbgrader_api
from .export import export
from .report import Outcome, summary
from .steps import autograde, collect, feedback, release, return_feedback

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
