"""The schema of the course's reference files: glossary.yaml, references.yaml, syllabus.yaml.

The same rules as :mod:`.models` (unknown fields refused, text without HTML).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import Id, Model, Text

# ------------------------------------------------------------------ glossary, references


class Term(Model):
    term: Text
    anchor: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    definition: Text
    # Who named the term: a source, or the course itself (its own names and synthesis).
    source: Literal["kittel", "leavitt", "course"]
    # Who wrote the definition: the source, or the course where the source gives only a name.
    defined_by: Literal["source", "course"] = "source"
    see_also: list[str] = Field(default_factory=list)


class Glossary(Model):
    terms: list[Term] = Field(min_length=1)


class BibliographyEntry(Model):
    id: Id
    citation: Text
    short: Text
    what_the_course_uses: Text


class Bibliography(Model):
    """references.yaml: the works the course draws on (not a case's reference scores)."""

    references: list[BibliographyEntry] = Field(min_length=1)
    note: Text | None = None


# --------------------------------------------------------------------------- syllabus


class Concept(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[KLB][0-9]+$")]
    name: Text
    source: Literal["kittel", "leavitt", "course"]
    practised_by: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9/-]+$")]] = Field(
        min_length=1
    )


class Syllabus(Model):
    concepts: list[Concept] = Field(min_length=1)
