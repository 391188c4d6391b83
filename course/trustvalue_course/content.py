"""Load every content file, validate it, and check that the files agree.

``load_content()`` is the one entry point: it returns a :class:`Content` with
typed objects, or raises :class:`ContentError` listing every problem found,
each with its file, line and field.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .dealing import balanced_pick, deal
from .models import (
    LENSES,
    SILENT,
    Activity,
    Bibliography,
    Case,
    Glossary,
    ModuleSpec,
    Rubric,
    Scheme,
    SchemesFile,
    Statement,
    StatementBank,
    Syllabus,
)
from .yamlsource import ContentError, Loc, Problem, YamlDocument, read_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@dataclass
class Content:
    root: Path
    schemes: dict[str, Scheme] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    modules: dict[str, ModuleSpec] = field(default_factory=dict)
    rubric: Rubric | None = None
    glossary: Glossary | None = None
    references: Bibliography | None = None
    syllabus: Syllabus | None = None
    _dealt: dict[str, list[Statement]] | None = field(default=None, repr=False)

    def statements_for(self, scheme: str) -> list[Statement]:
        return [s for s in self.statements.values() if scheme in s.answers]

    def activity(self, activity_id: str) -> tuple[ModuleSpec, Activity]:
        for module in self.modules.values():
            for act in module.activities:
                if act.id == activity_id:
                    return module, act
        raise KeyError(f"no activity called {activity_id!r} in any module")

    def select(
        self,
        scheme: str,
        count: int | None = None,
        where: dict[str, list[str]] | None = None,
        avoid: set[str] | frozenset[str] = frozenset(),
        seed: str | None = None,
    ) -> list[Statement]:
        """Statements for a sorter: filtered, balanced across categories, then dealt.

        Categories take turns in the order of the scheme, each giving its next
        statement in file order, so a short activity still covers every category.
        Statements in ``avoid`` come last, used only when the others run out.
        The chosen statements are then dealt in an order with no pattern
        (:func:`.dealing.deal`), shuffled from ``seed`` (default: the scheme and
        filter), so the result is the same every time for the same content.
        """
        categories = self.schemes[scheme].category_ids
        pool = [
            s
            for s in self.statements_for(scheme)
            if all(s.answers.get(k) in allowed for k, allowed in (where or {}).items())
        ]
        pool.sort(key=lambda s: s.id in avoid)  # stable: file order within each group

        def category_of(st: Statement) -> str:
            return st.answers[scheme]

        picked = balanced_pick(pool, category_of, categories, len(pool) if count is None else count)
        if seed is None:
            seed = f"{scheme} {count} {sorted((where or {}).items())}"
        return deal(picked, category_of, categories, seed)

    def activity_statements(self, activity_id: str) -> list[Statement]:
        """The statements a module's sorter shows.

        Sorters are dealt their statements once, in course order, so that no
        statement appears in two activities while the bank still has fresh ones.
        Each activity's deck is shuffled from its own id: the same order for
        everyone, and no pattern of answers (see :mod:`.dealing`).
        """
        if self._dealt is None:
            dealt: dict[str, list[Statement]] = {}
            used: set[str] = set()
            for module in sorted(self.modules.values(), key=lambda m: m.number):
                for act in module.activities:
                    if act.widget == "sorter" and act.scheme in self.schemes:
                        chosen = self.select(
                            act.scheme, act.count, act.where, avoid=used, seed=act.id
                        )
                        dealt[act.id] = chosen
                        used.update(s.id for s in chosen)
            self._dealt = dealt
        return self._dealt[activity_id]


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def _where(doc: YamlDocument, loc: Loc) -> str:
    """Where a value is, for "already used in ..." messages: file and line."""
    line = doc.line_of(loc)
    return doc.label if line is None else f"{doc.label}, line {line}"


class _Collector:
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


def load_content(root: Path | str | None = None) -> Content:
    """Load and cross-check all content below ``root`` (default: the packaged content)."""
    root = Path(root) if root is not None else CONTENT_DIR
    col = _Collector(root)
    content = Content(root=root)

    got = col.model(root / "schemes.yaml", SchemesFile)
    if got:
        doc, schemes_file = got
        first: dict[str, int] = {}
        for i, scheme in enumerate(schemes_file.schemes):  # type: ignore[attr-defined]
            if scheme.id in first:
                where = _where(doc, ("schemes", first[scheme.id], "id"))
                col.problems.append(
                    doc.problem(
                        ("schemes", i, "id"), f"scheme id {scheme.id!r} is already used in {where}"
                    )
                )
            first.setdefault(scheme.id, i)
            content.schemes[scheme.id] = scheme

    seen: dict[str, tuple[YamlDocument, Loc]] = {}
    for path in _yaml_files(root / "statements"):
        doc = col.doc(path)
        if doc is None:
            col.statements_broken = True
            continue
        try:
            bank = doc.validate(StatementBank)
        except ContentError as exc:
            # Report the schema's problems and, in the same pass, the cross-file
            # ones of every statement that could be read: an author sees every
            # mistake of the file at once, not one per run.
            col.problems.extend(exc.problems)
            col.statements_broken = True
            raw = doc.data.get("statements") if isinstance(doc.data, dict) else None
            for i, item in enumerate(raw if isinstance(raw, list) else []):
                answers = item.get("answers") if isinstance(item, dict) else None
                if isinstance(answers, dict):
                    _check_answers(col, doc, i, answers, content)
            continue
        for i, st in enumerate(bank.statements):
            if st.id in seen:
                col.problems.append(
                    doc.problem(
                        ("statements", i, "id"),
                        f"id {st.id!r} is already used in {_where(*seen[st.id])}",
                    )
                )
                continue
            seen[st.id] = (doc, ("statements", i, "id"))
            _check_answers(col, doc, i, st.answers, content)
            content.statements[st.id] = st

    case_docs: dict[str, YamlDocument] = {}
    for path in _yaml_files(root / "cases"):
        got = col.model(path, Case)
        if got:
            doc, case = got
            case_docs[case.id] = doc  # type: ignore[attr-defined]
            if case.id != path.stem:  # type: ignore[attr-defined]
                col.problems.append(
                    doc.problem(("id",), f"the id must match the file name {path.stem!r}")
                )
            content.cases[case.id] = case  # type: ignore[attr-defined]

    for name, model, attr in (
        ("rubric.yaml", Rubric, "rubric"),
        ("glossary.yaml", Glossary, "glossary"),
        ("references.yaml", Bibliography, "references"),
        ("syllabus.yaml", Syllabus, "syllabus"),
    ):
        if (root / name).exists():
            got = col.model(root / name, model)
            if got:
                setattr(content, attr, got[1])

    if content.rubric is not None:
        _check_criteria(col, content, case_docs, col.doc(root / "schemes.yaml"))
        _check_rubric(col, content.rubric, col.doc(root / "rubric.yaml"))
        for case_id, doc in case_docs.items():
            _check_evidence(col, content.rubric, content.cases[case_id], doc)

    if content.glossary is not None:
        doc = col.doc(root / "glossary.yaml")
        anchors = [t.anchor for t in content.glossary.terms]
        for i, term in enumerate(content.glossary.terms):
            if anchors.index(term.anchor) < i:
                where = _where(doc, ("terms", anchors.index(term.anchor), "anchor"))
                col.problems.append(
                    doc.problem(
                        ("terms", i, "anchor"), f"anchor {term.anchor!r} is already used in {where}"
                    )
                )
            for j, other in enumerate(term.see_also):
                if other not in anchors:
                    col.problems.append(
                        doc.problem(("terms", i, "see_also", j), f"no term with anchor {other!r}")
                    )

    anchors = {t.anchor for t in content.glossary.terms} if content.glossary else None
    ref_ids = {r.id for r in content.references.references} if content.references else None
    activity_ids: dict[str, tuple[YamlDocument, Loc]] = {}
    for path in _yaml_files(root / "modules"):
        got = col.model(path, ModuleSpec)
        if not got:
            continue
        doc, module = got
        if module.id != path.stem:  # type: ignore[attr-defined]
            col.problems.append(
                doc.problem(("id",), f"the id must match the file name {path.stem!r}")
            )
        _check_module(col, doc, module, content, activity_ids)  # type: ignore[arg-type]
        _check_links(col, doc, module, anchors, ref_ids)  # type: ignore[arg-type]
        content.modules[module.id] = module  # type: ignore[attr-defined]

    if content.syllabus is not None:
        _check_syllabus(col, col.doc(root / "syllabus.yaml"), content)  # type: ignore[arg-type]

    if col.problems:
        raise ContentError(_in_reading_order(col.problems))
    return content


def _check_answers(
    col: _Collector, doc: YamlDocument, i: int, answers: dict[object, object], content: Content
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


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems together and by line, files in the order they were first reported."""
    first = {p.file: n for n, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (first[p.file], p.line or 0))


def _check_criteria(
    col: _Collector,
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


def _check_rubric(col: _Collector, rubric: Rubric, doc: YamlDocument | None) -> None:
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


def _check_evidence(col: _Collector, rubric: Rubric, case: Case, doc: YamlDocument) -> None:
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


def _check_syllabus(col: _Collector, doc: YamlDocument, content: Content) -> None:
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


def _check_links(
    col: _Collector,
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


def _check_module(
    col: _Collector,
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
                        f"{_where(*activity_ids[act.id])}",
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
                    where = _where(doc, seen_q[item.id])
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


def course_content(root: str | None = None) -> Content:
    """The course's content, loaded once per process.

    ``TRUSTVALUE_CONTENT`` names another content folder (an author previewing
    a draft); otherwise the packaged content is used.
    """
    return _cached_content(root or os.environ.get("TRUSTVALUE_CONTENT") or None)


@functools.lru_cache(maxsize=4)
def _cached_content(root: str | None) -> Content:
    return load_content(root)
