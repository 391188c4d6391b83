"""Load every content file, validate it, and check that the files agree.

``load_content()`` is the one entry point: it returns a :class:`Content` with
typed objects, or raises :class:`ContentError` listing every problem found,
each with its file, line and field.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from .checks import (
    Collector,
    check_answers,
    check_criteria,
    check_evidence,
    check_links,
    check_module,
    check_rubric,
    check_syllabus,
    in_reading_order,
    place_of,
)
from .course import Content
from .models import (
    Case,
    ModuleSpec,
    Rubric,
    SchemesFile,
    StatementBank,
)
from .reference_models import Bibliography, Glossary, Syllabus
from .yamlsource import ContentError, Loc, YamlDocument

CONTENT_DIR = Path(__file__).resolve().parent  # the YAML files sit beside this package's code


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def load_content(root: Path | str | None = None) -> Content:
    """Load and cross-check all content below ``root`` (default: the packaged content)."""
    root = Path(root) if root is not None else CONTENT_DIR
    col = Collector(root)
    content = Content(root=root)

    got = col.model(root / "schemes.yaml", SchemesFile)
    if got:
        doc, schemes_file = got
        first: dict[str, int] = {}
        for i, scheme in enumerate(schemes_file.schemes):  # type: ignore[attr-defined]
            if scheme.id in first:
                where = place_of(doc, ("schemes", first[scheme.id], "id"))
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
                    check_answers(col, doc, i, answers, content)
            continue
        for i, st in enumerate(bank.statements):
            if st.id in seen:
                col.problems.append(
                    doc.problem(
                        ("statements", i, "id"),
                        f"id {st.id!r} is already used in {place_of(*seen[st.id])}",
                    )
                )
                continue
            seen[st.id] = (doc, ("statements", i, "id"))
            check_answers(col, doc, i, st.answers, content)
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
        check_criteria(col, content, case_docs, col.doc(root / "schemes.yaml"))
        check_rubric(col, content.rubric, col.doc(root / "rubric.yaml"))
        for case_id, doc in case_docs.items():
            check_evidence(col, content.rubric, content.cases[case_id], doc)

    if content.glossary is not None:
        doc = col.doc(root / "glossary.yaml")
        anchors = [t.anchor for t in content.glossary.terms]
        for i, term in enumerate(content.glossary.terms):
            if anchors.index(term.anchor) < i:
                where = place_of(doc, ("terms", anchors.index(term.anchor), "anchor"))
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
        check_module(col, doc, module, content, activity_ids)  # type: ignore[arg-type]
        check_links(col, doc, module, anchors, ref_ids)  # type: ignore[arg-type]
        content.modules[module.id] = module  # type: ignore[attr-defined]

    if content.syllabus is not None:
        check_syllabus(col, col.doc(root / "syllabus.yaml"), content)  # type: ignore[arg-type]

    if col.problems:
        raise ContentError(in_reading_order(col.problems))
    return content


def course_content(root: str | None = None) -> Content:
    """The course's content, loaded once per process.

    ``TRUSTVALUE_CONTENT`` names another content folder (an author previewing
    a draft); otherwise the packaged content is used.
    """
    return _cached_content(root or os.environ.get("TRUSTVALUE_CONTENT") or None)


@functools.lru_cache(maxsize=4)
def _cached_content(root: str | None) -> Content:
    return load_content(root)
