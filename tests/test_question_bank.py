"""A question bank without cues, measured over every question of the course: the key is
seldom the longest option, each letter is the key about equally often, and no option
repeats a sentence of the reading (recognition must not beat understanding). A
concept's name (five words or fewer, like a practice or a trait) is not a sentence."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from trustvalue_course.content import Content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.content.models import MarkdownCell

KEYS = Path(__file__).resolve().parents[1] / "autograder" / "keys"


def bank(content: Content) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for module in content.modules.values():
        keys = load_keys(module, KEYS)
        for ex in module.exercises:
            out.append((f"{module.id}/{ex.id}", dict(ex.options), keys.exercises[ex.id].answer))
    return out


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'")))


def test_the_key_is_the_longest_option_in_at_most_a_third(content: Content) -> None:
    questions = bank(content)
    longest = [q for q, opts, key in questions if len(opts[key]) >= max(map(len, opts.values()))]
    assert len(questions) >= 20
    assert len(longest) <= len(questions) / 3, longest


def test_each_letter_is_the_key_about_equally_often(content: Content) -> None:
    questions = bank(content)
    letters = sorted({letter for _, opts, _ in questions for letter in opts})
    counts = Counter(key for _, _, key in questions)
    expected = len(questions) / len(letters)
    for letter in letters:
        assert abs(counts[letter] - expected) <= max(2, expected * 0.25), counts


def test_no_option_repeats_a_sentence_of_the_reading(content: Content) -> None:
    reading = " ".join(
        words(cell.markdown)
        for module in content.modules.values()
        for cell in module.cells
        if isinstance(cell, MarkdownCell)
    )
    repeated = []
    for qid, opts, _ in bank(content):
        for letter, option in opts.items():
            for sentence in re.split(r"[.!?:;]\s+", option):
                phrase = words(sentence)
                if len(phrase.split()) >= 6 and f" {phrase} " in f" {reading} ":
                    repeated.append(f"{qid} {letter}: {sentence}")
    assert repeated == []
