"""The glossary credits each term to whoever named it.

A term tagged ``kittel`` or ``leavitt`` must appear in that source's text: all its
words in one sentence (plurals, British and American spellings and punctuation
aside), so that "Authoritative substance" matches the summary's "three varieties of
substance: authoritative, ...". A name the course made up is tagged ``course`` and
shown to learners as the course's term; such a name must not appear word for word
in a source, or the course would be claiming the source's term as its own.

The source texts are the authors', not the project's: they are read from
``TRUSTVALUE_SOURCES`` or ``../shared/sources``, and the source checks are skipped,
saying so, where they are absent.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import source_texts
from trustvalue_course.content import Content
from trustvalue_course.publishing.pages import glossary_notebook

REPO = Path(__file__).resolve().parents[1]
SOURCE_FILES = {"kittel": "kittel-*.txt", "leavitt": "leavitt-*.txt"}
WORD = re.compile(r"[a-z]+")
SENTENCE = re.compile(r"[.!?\n]+")


def normal_words(text: str) -> list[str]:
    """Lower-case words with apostrophes dropped, a plural ``s`` cut and British spellings
    made American (neutralise, spiralling), the same for the course's text and a source's."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    out = []
    for w in WORD.findall(text):
        w = re.sub(r"is(e|es|ed|ing)$", r"iz\1", w) if len(w) > 6 else w
        w = re.sub(r"lling$", "ling", w)
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def sentences(text: str) -> list[list[str]]:
    return [normal_words(s) for s in SENTENCE.split(text) if s.strip()]


def names_in(term: str, text: str) -> bool:
    """Whether every word of ``term`` appears in one sentence of ``text``."""
    wanted = set(normal_words(term))
    return any(wanted <= set(s) for s in sentences(text))


def verbatim_in(term: str, text: str) -> bool:
    """Whether ``term``'s words appear one after another somewhere in ``text``."""
    pattern = " ".join(normal_words(term))
    return f" {pattern} " in f" {' '.join(normal_words(text))} "


def _source_texts() -> dict[str, str]:
    folder = source_texts()
    texts = {}
    for source, pattern in SOURCE_FILES.items():
        found = sorted(folder.glob(pattern))
        assert found, f"no {pattern} in {folder}"
        texts[source] = found[0].read_text(encoding="utf-8", errors="replace")
    return texts


def test_the_matching_finds_a_term_across_plural_spelling_and_order() -> None:
    text = "Partners keep spiraling in. We look for three varieties of substance: authoritative."
    assert names_in("Spiralling in", text)
    assert names_in("Authoritative substance", text)
    assert not names_in("Trust spiral", text)
    assert verbatim_in("spiralling in", text)
    assert not verbatim_in("substance authoritative varieties", text)


def test_every_term_credited_to_a_source_is_named_in_that_source(content: Content) -> None:
    assert content.glossary is not None
    texts = _source_texts()
    missing = [
        f"{t.term} ({t.source})"
        for t in content.glossary.terms
        if t.source in texts and not names_in(t.term, texts[t.source])
    ]
    assert missing == [], "tag these `course`, or credit the source that names them"


def test_no_term_of_a_source_is_claimed_as_the_course_s(content: Content) -> None:
    assert content.glossary is not None
    texts = _source_texts()
    claimed = [
        f"{t.term} (in {source})"
        for t in content.glossary.terms
        if t.source == "course"
        for source, text in texts.items()
        if verbatim_in(t.term, text)
    ]
    assert claimed == []


def test_the_course_s_own_terms_are_there_and_shown_as_the_course_s(content: Content) -> None:
    assert content.glossary is not None
    own = {t.anchor for t in content.glossary.terms if t.source == "course"}
    assert {"five-contrasts", "trust-spiral", "structure-and-spirit"} <= own
    cells = {cell["id"]: "".join(cell["source"]) for cell in glossary_notebook(content)["cells"]}
    for anchor in own:
        assert "*Source: the course's term.*" in cells[anchor], anchor
    read = [t.anchor for t in content.glossary.terms if t.defined_by == "course"]
    assert "adequate-independence" in read
    for anchor in read:
        assert "the definition is the course's reading" in cells[anchor], anchor
