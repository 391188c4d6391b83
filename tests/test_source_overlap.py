"""The course teaches the sources in its own words: no run of 8 words shared outside quotes.

The source texts are not part of the project (they are the authors'); the test
reads them from ``TRUSTVALUE_SOURCES`` or from ``../shared/sources`` beside the
checkout, and is skipped, saying so, where they are absent. It counts runs the
way ``shared/tools/source_overlap.py`` does (lower-case words, apostrophes
dropped), over what learners read: every text of the content files and of the
instructors' keys, with passages in quotation marks left out, because a marked
quotation is the one place a source's own words belong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from conftest import source_texts

REPO = Path(__file__).resolve().parents[1]
RUN = 8
WORD = re.compile(r"[a-z0-9]+")
# A quotation may run over one line break (a folded YAML paragraph), never further.
QUOTED = re.compile(r"\"[^\"\n]*(?:\n[^\"\n]*)?\"|\u201c[^\u201d]*\u201d")
# The sources' titles, cited by name, count as quoted.
TITLES = re.compile(
    r"building\s+trust\s+in\s+strategic\s+alliances:?\s+enabling\s+greater\s+value"
    r"|finding\s+allies,?\s+building\s+alliances",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'").replace("'", ""))


def unquoted(text: str) -> str:
    """``text`` with every passage in double quotation marks, and the sources' titles, cut
    out (a break in their place)."""
    return QUOTED.sub(" | ", TITLES.sub(" | ", text))


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def course_texts() -> Iterator[tuple[str, str]]:
    """(file, text) for every text a learner or instructor reads: the content files, the
    instructors' keys and the project's Markdown documents."""
    for path in sorted([*REPO.glob("*.md"), *REPO.glob("course/*.md")]):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8")
    folders = [REPO / "course" / "trustvalue_course" / "content", REPO / "autograder" / "keys"]
    for folder in folders:
        for path in sorted(folder.rglob("*.yaml")):
            for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield str(path.relative_to(REPO)), text


def shared_runs(text: str, grams: set[tuple[str, ...]], n: int = RUN) -> list[str]:
    """Every run of ``n`` or more words of ``text`` found in ``grams``, outside quotes.

    A cut-out quotation breaks a run: words on either side of it are not joined.
    """
    runs = []
    for piece in unquoted(text).split(" | "):
        w = words(piece)
        i = 0
        while i <= len(w) - n:
            if tuple(w[i : i + n]) in grams:
                j = i + 1
                while j <= len(w) - n and tuple(w[j : j + n]) in grams:
                    j += 1
                runs.append(" ".join(w[i : j - 1 + n]))
                i = j + n - 1
            else:
                i += 1
    return runs


def _grams(folder: Path, n: int = RUN) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for src in sorted(folder.glob("*.txt")):
        w = words(src.read_text(encoding="utf-8", errors="replace"))
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    return grams


def test_the_run_finder_finds_a_copied_sentence_and_spares_a_quotation() -> None:
    source = "the quick brown fox jumps over the lazy dog and runs far away".split()
    grams = {tuple(source[i : i + RUN]) for i in range(len(source) - RUN + 1)}
    copied = "As we know, the quick brown fox jumps over the lazy dog and then rests."
    assert shared_runs(copied, grams) == ["the quick brown fox jumps over the lazy dog and"]
    quoted = 'As the authors put it, "the quick brown fox jumps over the lazy dog".'
    assert shared_runs(quoted, grams) == []
    curly = "They write \u201cthe quick brown fox jumps over the lazy dog\u201d, and so on."
    assert shared_runs(curly, grams) == []
    folded = 'They write "the quick brown fox jumps\n  over the lazy dog and runs" here.'
    assert shared_runs(folded, grams) == []
    unclosed = (
        'A "stray mark.\nThen the quick brown fox jumps over the lazy dog and runs.\nMore "text'
    )
    assert shared_runs(unclosed, grams) != []
    split = 'the quick brown "fox" jumps over the lazy dog'
    assert shared_runs(split, grams) == []
    title = "Kittel's Building Trust in Strategic Alliances: Enabling Greater Value (2007)"
    assert "building" not in words(unquoted(title))


def test_the_content_reaches_learners_through_these_files() -> None:
    files = {name for name, _text in course_texts()}
    assert any(name.startswith("course/trustvalue_course/content/modules/") for name in files)
    assert any(name.startswith("autograder/keys/") for name in files)
    assert "README.md" in files
    assert sum(len(words(text)) for _name, text in course_texts()) > 20_000


def test_no_run_of_eight_words_is_shared_with_a_source_outside_quotes() -> None:
    grams = _grams(source_texts())
    found = [f"{name}: {run}" for name, text in course_texts() for run in shared_runs(text, grams)]
    assert found == []
