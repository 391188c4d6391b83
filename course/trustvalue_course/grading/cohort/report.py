"""What each step came to: a progress bar, one outcome per student, the summary and report."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .checks import OUTCOMES


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
            if why in (*OUTCOMES.values(), "unreadable"):
                counts = lost.setdefault(question, {})
                counts[why] = counts.get(why, 0) + 1
    return dict(sorted(lost.items()))


def error_lines(result: dict[str, Any]) -> list[str]:
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
