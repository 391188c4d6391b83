"""Calibration for case authors: does a reader with the rubric reach the reference scores?

A case only teaches if an expert who reads the story with the rubric scores it as
the course's reference does. Check a new or changed case blind:

    python -m trustvalue_course.content.calibrate packet DIR [--root CONTENT] [--case ID ...]
        writes DIR/rubric.md and one DIR/<case>.md per case: the rubric and the
        stories, never the reference scores, reasons, summary or outcome, plus
        DIR/score-sheet.yaml for a reader to fill in.

    python -m trustvalue_course.content.calibrate compare READER.yaml [READER.yaml ...]
        prints, per case and in all, how often each reader's scores match the
        reference exactly and within one level, every score two or more levels
        away, and where two readers differ from each other by two or more.

A reader's file is the filled score sheet: ``scores: {case id: {criterion: 0-4}}``
(a criterion may also be ``{score: 2, note: "..."}``). CONTENT-FORMAT.md gives the
procedure: two readers, and any criterion with a difference of two is rewritten.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from .course import Content
from .loading import load_content
from .models import Case, Rubric
from .yamlsource import ContentError, Problem, read_yaml

TARGET_EXACT = 0.85  # the share of exact matches a calibrated case reaches
TARGET_WITHIN_ONE = 1.0


def rubric_markdown(rubric: Rubric) -> str:
    """The rubric as a reader sees it: scale, silent rules, then every criterion's levels."""
    out = [
        "# The scoring rubric",
        "",
        "Score each criterion from 0 to 4 by what you can see in the story. Each level starts "
        "with its sign (the words before the colon): pick the level whose sign the story shows. "
        "Score the moment the case names under *What to score*.",
        "",
    ]
    for lens, heading in rubric.lens_headings().items():
        out += [f"## {heading}", ""]
        names = rubric.level_names(lens)
        rule = rubric.silent.get(lens)  # type: ignore[call-overload]
        if rule is not None:
            out += [f"*When the story is silent:* {rule.rule}", ""]
        for crit in rubric.criteria:
            if crit.lens != lens:
                continue
            out += [f"### {crit.name} (`{crit.id}`)", "", f"*{crit.question}*", ""]
            out += [f"- **{n} {names[n]}**: {crit.levels[n]}" for n in range(5)]
            out.append("")
            for pair, note in crit.tell_apart.items():
                low, high = pair.split("-")
                out.append(f"*How to tell {low} from {high}:* {note}")
                out.append("")
    return "\n".join(out)


def case_markdown(case: Case) -> str:
    """A case for a blind reader: the story and the moment to score, nothing of the reference."""
    out = [f"# {case.title}", "", f"*{case.industry} · {case.region} · {case.size}*", ""]
    out += [case.story.strip(), ""]
    if case.scored_at:
        out += ["## What to score", "", case.scored_at, ""]
    return "\n".join(out)


def score_sheet(rubric: Rubric, cases: Sequence[Case]) -> str:
    """An empty score sheet in the form ``compare`` reads."""
    lines = [
        "# Fill in a score from 0 to 4 for every criterion, and a short note where you hesitated.",
        "reader: your-name",
        "scores:",
    ]
    for case in cases:
        lines.append(f"  {case.id}:")
        for crit in rubric.criteria:
            lines.append(f'    {crit.id}: {{score: , note: ""}}')
    return "\n".join(lines) + "\n"


def write_packet(content: Content, dest: Path, case_ids: Sequence[str] = ()) -> list[Path]:
    """Write the blind packet for ``case_ids`` (default: every case) into ``dest``."""
    assert content.rubric is not None
    unknown = [c for c in case_ids if c not in content.cases]
    if unknown:
        raise SystemExit(f"no such case: {', '.join(unknown)}; known: {', '.join(content.cases)}")
    cases = [content.cases[c] for c in (case_ids or list(content.cases))]
    dest.mkdir(parents=True, exist_ok=True)
    written = [dest / "rubric.md", dest / "score-sheet.yaml"]
    written[0].write_text(rubric_markdown(content.rubric), encoding="utf-8")
    written[1].write_text(score_sheet(content.rubric, cases), encoding="utf-8")
    for case in cases:
        path = dest / f"{case.id}.md"
        path.write_text(case_markdown(case), encoding="utf-8")
        written.append(path)
    return written


# ------------------------------------------------------------------------ comparing


@dataclass(frozen=True)
class Reader:
    name: str
    scores: dict[str, dict[str, int]]  # case -> criterion -> score


def read_reader(path: Path, content: Content) -> Reader:
    """A filled score sheet, checked: every score an int 0-4 for a known case and criterion."""
    assert content.rubric is not None
    doc = read_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []
    scores: dict[str, dict[str, int]] = {}
    criteria = [c.id for c in content.rubric.criteria]
    raw = data.get("scores")
    if not isinstance(raw, dict):
        raise ContentError([doc.problem(("scores",), "a mapping of case id -> criterion -> score")])
    for case_id, given in raw.items():
        if case_id not in content.cases:
            problems.append(
                doc.problem(
                    ("scores", case_id), f"no case {case_id!r}; known: {', '.join(content.cases)}"
                )
            )
            continue
        scores[case_id] = {}
        for crit, value in (given or {}).items():
            if crit not in criteria:
                problems.append(
                    doc.problem(
                        ("scores", case_id, crit), f"not a criterion; known: {', '.join(criteria)}"
                    )
                )
                continue
            score = value.get("score") if isinstance(value, dict) else value
            if score is None:
                continue  # left blank: not scored
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 4:
                problems.append(doc.problem(("scores", case_id, crit), f"{score!r} is not 0-4"))
                continue
            scores[case_id][crit] = score
    if problems:
        raise ContentError(problems)
    return Reader(str(data.get("reader") or path.stem), scores)


@dataclass(frozen=True)
class Agreement:
    scored: int
    exact: int
    within_one: int
    far: list[tuple[str, str, int, int]]  # case, criterion, reader, reference (|gap| >= 2)

    @property
    def exact_share(self) -> float:
        return self.exact / self.scored if self.scored else 0.0

    @property
    def within_one_share(self) -> float:
        return self.within_one / self.scored if self.scored else 0.0


def agreement(
    reader: Mapping[str, Mapping[str, int]], content: Content, case_id: str | None = None
) -> Agreement:
    """How ``reader``'s scores meet the references, for one case or all of them."""
    scored = exact = near = 0
    far: list[tuple[str, str, int, int]] = []
    for cid, given in reader.items():
        if case_id is not None and cid != case_id:
            continue
        ref = content.cases[cid].reference
        for crit, score in given.items():
            want = {**ref.elements, **ref.contrasts}[crit].score
            scored += 1
            exact += score == want
            near += abs(score - want) <= 1
            if abs(score - want) >= 2:
                far.append((cid, crit, score, want))
    return Agreement(scored, exact, near, far)


def report(readers: Sequence[Reader], content: Content) -> str:
    """Per reader and case: exact and within-one agreement; then readers against each other."""
    out: list[str] = []
    for reader in readers:
        out.append(f"{reader.name}: agreement with the references")
        for cid in reader.scores:
            a = agreement(reader.scores, content, cid)
            out.append(
                f"  {cid:32} exact {a.exact:2}/{a.scored:<2} ({a.exact_share:4.0%})  "
                f"within one {a.within_one:2}/{a.scored:<2} ({a.within_one_share:4.0%})"
            )
        total = agreement(reader.scores, content)
        ok = total.exact_share >= TARGET_EXACT and total.within_one_share >= TARGET_WITHIN_ONE
        out.append(
            f"  {'all cases':32} exact {total.exact:2}/{total.scored:<2} ({total.exact_share:4.0%})  "
            f"within one {total.within_one:2}/{total.scored:<2} ({total.within_one_share:4.0%})"
            f"  {'meets' if ok else 'below'} the target ({TARGET_EXACT:.0%} exact, all within one)"
        )
        for cid, crit, got, want in total.far:
            out.append(f"  rewrite {cid} / {crit}: reader {got}, reference {want}")
        out.append("")
    for a, b in combinations(readers, 2):
        split = [
            (cid, crit, sa, b.scores[cid][crit])
            for cid, given in a.scores.items()
            for crit, sa in given.items()
            if crit in b.scores.get(cid, {}) and abs(sa - b.scores[cid][crit]) >= 2
        ]
        out.append(f"{a.name} and {b.name}: {len(split)} score(s) two or more levels apart")
        out += [
            f"  rewrite {cid} / {crit}: {a.name} {x}, {b.name} {y}" for cid, crit, x, y in split
        ]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trustvalue_course.content.calibrate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root", type=Path, default=None, help="a content folder (default: the course's)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    packet = sub.add_parser("packet", help="write blind packets: rubric and stories, no references")
    packet.add_argument("dest", type=Path)
    packet.add_argument("--case", action="append", default=[], help="only this case (repeatable)")
    compare = sub.add_parser("compare", help="agreement of filled score sheets with the references")
    compare.add_argument("readers", nargs="+", type=Path)
    args = parser.parse_args(argv)
    try:
        content = load_content(args.root)
        if args.command == "packet":
            for path in write_packet(content, args.dest, args.case):
                print(path)
        else:
            print(report([read_reader(p, content) for p in args.readers], content), end="")
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
