"""The checks across content files: what one file's schema cannot see alone.

:func:`~.loading.load_content` collects every problem (:class:`Collector`) and runs
these checks: statements' answers against the schemes, cases against the rubric and
their stories, the syllabus, links to glossary and references, each module's cells.
"""

from __future__ import annotations

import re
from pathlib import Path

from .course import Content
from .models import LENSES, SILENT, Case, ModuleSpec, Rubric
from .yamlsource import ContentError, Loc, Problem, YamlDocument, read_yaml


def place_of(doc: YamlDocument, loc: Loc) -> str:
    """Where a value is, for "already used in ..." messages: file and line."""
    line = doc.line_of(loc)
    return doc.label if line is None else f"{doc.label}, line {line}"


class Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        # A statements file that failed to load leaves sorters short of statements:
        # saying so again for every activity would bury the one real mistake.
        self.statements_broken = False

    def doc(self, path: Path) -> YamlDocument | None:
        try:
            return read_yaml(path, label=str(path.relative_to(self.root)))
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None

    def model(self, path: Path, model: type) -> tuple[YamlDocument, object] | None:
        doc = self.doc(path)
        if doc is None:
            return None
        try:
            return doc, doc.validate(model)
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None


def check_answers(
    col: Collector, doc: YamlDocument, i: int, answers: dict[object, object], content: Content
) -> None:
    """A statement's answers name known schemes and categories (the allowed ones are listed)."""
    for scheme_id, cat in answers.items():
        scheme = content.schemes.get(str(scheme_id))
        loc = ("statements", i, "answers", str(scheme_id))
        if scheme is None:
            col.problems.append(
                doc.problem(
                    loc, f"unknown scheme {scheme_id!r}; known: {', '.join(content.schemes)}"
                )
            )
        elif isinstance(cat, str) and cat not in scheme.category_ids:
            col.problems.append(
                doc.problem(loc, f"{cat!r} is not one of: {', '.join(scheme.category_ids)}")
            )


def in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems together and by line, files in the order they were first reported."""
    first = {p.file: n for n, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (first[p.file], p.line or 0))


def check_criteria(
    col: Collector,
    content: Content,
    case_docs: dict[str, YamlDocument],
    schemes_doc: YamlDocument | None,
) -> None:
    """The rubric's criteria are the one list: every case scores each, schemes name only them."""
    assert content.rubric is not None
    for case_id, doc in case_docs.items():
        scoring = content.cases[case_id].reference
        for lens in LENSES:
            wanted = content.rubric.ids(lens)
            given = scoring.lens(lens)
            missing = [i for i in wanted if i not in given]
            if missing:
                col.problems.append(
                    doc.problem(
                        ("reference", lens),
                        f"reference scores missing for: {', '.join(missing)} "
                        "(every criterion of rubric.yaml needs one)",
                    )
                )
            for key in given:
                if key not in wanted:
                    col.problems.append(
                        doc.problem(
                            ("reference", lens, key),
                            f"{key!r} is not one of the rubric's {lens}: {', '.join(wanted)}",
                        )
                    )
    if schemes_doc is None:
        return
    # A scheme that sorts by the rubric's criteria (the element and contrast
    # schemes) may use only criteria of that lens.
    for i, scheme in enumerate(content.schemes.values()):
        for lens in LENSES:
            wanted = content.rubric.ids(lens)
            if set(scheme.category_ids) & set(wanted):
                for j, cat in enumerate(scheme.category_ids):
                    if cat not in wanted:
                        col.problems.append(
                            schemes_doc.problem(
                                ("schemes", i, "categories", j, "id"),
                                f"{cat!r} is not a criterion of the rubric's {lens}: "
                                f"{', '.join(wanted)}",
                            )
                        )


def check_rubric(col: Collector, rubric: Rubric, doc: YamlDocument | None) -> None:
    """Every level starts with a deciding sign that its neighbours do not share."""
    if doc is None:
        return
    for i, crit in enumerate(rubric.criteria):
        for message in crit.sign_clashes():
            col.problems.append(doc.problem(("criteria", i, "levels"), message))
    for lens in LENSES:
        if lens not in rubric.silent:
            col.problems.append(
                doc.problem(
                    ("silent",),
                    f"say what to score when a story shows nothing on a criterion of {lens} "
                    f"(silent: {{{lens}: {{score: ..., rule: ...}}}})",
                )
            )


_QUOTED = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d")


def _normal(text: str) -> str:
    """Text compared for quoting: one space between words, lower case, straight quotes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def quoted_phrases(reason: str) -> list[str]:
    """The phrases a reference reason quotes in double quotes."""
    return [a or b for a, b in _QUOTED.findall(reason)]


def check_evidence(col: Collector, rubric: Rubric, case: Case, doc: YamlDocument) -> None:
    """Every reference reason quotes the story's words that decide its level.

    A reason quotes at least one phrase in double quotes, and every quoted phrase
    occurs in the story (ignoring case and line breaks). A reason that says
    "the story shows nothing on ..." gives the score the rubric's silent rule sets.
    """
    story = _normal(case.story)
    for lens in LENSES:
        for key, ref in case.reference.lens(lens).items():
            loc = ("reference", lens, key, "reason")
            phrases = quoted_phrases(ref.reason)
            if not phrases:
                col.problems.append(
                    doc.problem(
                        loc,
                        "quote, in double quotes, the words of the story that decide this score",
                    )
                )
            for phrase in phrases:
                if _normal(phrase) not in story:
                    col.problems.append(
                        doc.problem(loc, f"the quoted words are not in the story: {phrase!r}")
                    )
            rule = rubric.silent.get(lens)
            if rule is not None and SILENT in _normal(ref.reason) and ref.score != rule.score:
                col.problems.append(
                    doc.problem(
                        ("reference", lens, key, "score"),
                        f"the reason says {SILENT!r} this, so the rubric's silent rule "
                        f"for {lens} applies: score {rule.score}",
                    )
                )


def check_syllabus(col: Collector, doc: YamlDocument, content: Content) -> None:
    """Every practice item exists, in a module that teaches the concept (or a later one)."""
    assert content.syllabus is not None
    items: dict[str, ModuleSpec] = {}
    for module in content.modules.values():
        for act in module.activities:
            items[act.id] = module
        for q in [*module.exercises, *module.reflections]:
            items[f"{module.id}/{q.id}"] = module
    for i, concept in enumerate(content.syllabus.concepts):
        teaching = [m for m in content.modules.values() if concept.id in m.concepts]
        if content.modules and not teaching:
            col.problems.append(
                doc.problem(("concepts", i, "id"), f"{concept.id} is taught in no module")
            )
        for j, item in enumerate(concept.practised_by):
            if item not in items:
                col.problems.append(
                    doc.problem(
                        ("concepts", i, "practised_by", j), f"no activity or exercise {item!r}"
                    )
                )


_LINK = re.compile(r"\]\((?:\.\./)?(glossary|references)\.ipynb#([^)\s]+)\)")


def check_links(
    col: Collector,
    doc: YamlDocument,
    module: ModuleSpec,
    anchors: set[str] | None,
    ref_ids: set[str] | None,
) -> None:
    """Every link into the glossary or references must land on an entry."""
    for i, cell in enumerate(module.cells):
        text = getattr(cell, "markdown", None)
        if text is None:
            continue
        for page, target in _LINK.findall(text):
            known = anchors if page == "glossary" else ref_ids
            if known is not None and target not in known:
                col.problems.append(
                    doc.problem(
                        ("cells", i, "markdown"), f"link to {page}.ipynb#{target}: no such entry"
                    )
                )


def check_module(
    col: Collector,
    doc: YamlDocument,
    module: ModuleSpec,
    content: Content,
    activity_ids: dict[str, tuple[YamlDocument, Loc]],
) -> None:
    seen_q: dict[str, Loc] = {}
    for i, cell in enumerate(module.cells):
        act = getattr(cell, "activity", None)
        if act is not None:
            loc = ("cells", i, "activity")
            if act.id in activity_ids:
                col.problems.append(
                    doc.problem(
                        (*loc, "id"),
                        f"activity id {act.id!r} is already used in "
                        f"{place_of(*activity_ids[act.id])}",
                    )
                )
            else:
                activity_ids[act.id] = (doc, (*loc, "id"))
            if act.widget == "sorter":
                scheme = content.schemes.get(act.scheme or "")
                if scheme is None:
                    col.problems.append(
                        doc.problem((*loc, "scheme"), f"unknown scheme {act.scheme!r}")
                    )
                    continue
                for key, allowed in (act.where or {}).items():
                    known = content.schemes.get(key)
                    bad = [a for a in allowed if known is None or a not in known.category_ids]
                    if bad:
                        col.problems.append(
                            doc.problem(
                                (*loc, "where", key), f"unknown scheme or categories: {key} {bad}"
                            )
                        )
                if (
                    content.statements
                    and not col.statements_broken
                    and not content.select(scheme.id, act.count, act.where)
                ):
                    col.problems.append(
                        doc.problem((*loc, "scheme"), "no statement fits this activity")
                    )
            if (
                act.widget == "scorecard"
                and act.case != "own"
                and content.cases
                and act.case not in content.cases
            ):
                col.problems.append(doc.problem((*loc, "case"), f"no case called {act.case!r}"))
        for kind in ("exercise", "reflection"):
            item = getattr(cell, kind, None)
            if item is not None:
                if item.id in seen_q:
                    where = place_of(doc, seen_q[item.id])
                    col.problems.append(
                        doc.problem(
                            ("cells", i, kind, "id"), f"{item.id!r} is already used in {where}"
                        )
                    )
                seen_q.setdefault(item.id, ("cells", i, kind, "id"))
                fallback = getattr(item, "fallback_case", None)
                if fallback and content.cases and fallback not in content.cases:
                    col.problems.append(
                        doc.problem(
                            ("cells", i, kind, "fallback_case"), f"no case called {fallback!r}"
                        )
                    )
