"""A sorter's answer must come from understanding the statement, not from a cue.

No category's statements are, on average, much longer than another's (a long
statement must not mean "Trust & We"), and no statement names its own category
or repeats the giveaway words of its category's description: a science remark
without "clause" or "KPIs", a patient one without "milestones", a spiral one
without "spiralling", a value alliance without "signed" or "charter", a fear
motive that does not open with "If".
"""

from __future__ import annotations

import re
from collections import defaultdict

from trustvalue_course.content import Content

MAX_RATIO = 1.25  # longest category's mean length over the shortest's
# Words that would hand over the answer, by (scheme, category).
GIVEAWAYS = {
    ("art_science", "science"): [
        r"\bclause",
        r"escalat",
        r"\bKPIs?\b",
        r"governance board",
        r"\bsigns? off\b",
        r"sign-off",
    ],
    ("contrast", "time"): [r"milestone"],
    ("perspective", "trust_we"): [r"milestone"],
    ("practice", "be_patient"): [r"milestone", r"\bpatien"],
    ("practice", "mind_spiral"): [r"spiral", r"moving in or out"],
    ("practice", "neutralise"): [r"neutrali"],
    ("spiral", "spiral_in"): [r"spiral"],
    ("spiral", "spiral_out"): [r"spiral"],
    ("relationship", "strategic"): [r"strategic"],
    ("relationship", "tactical"): [r"tactical"],
    ("value_alliance", "value_alliance"): [
        r"\bsign(s|ed)?\b",
        r"charter",
        r"\bwritten\b",
        r"formal",
    ],
    ("value_alliance", "casual"): [r"now and then", r"\bwhenever\b", r"ad hoc", r"informal"],
    ("motive", "fear"): [r"^(if|unless)\b"],
    ("motive", "greatness"): [r"part of", r"\bfounding\b", r"\blogo\b"],
    ("element", "leadership"): [r"between meetings"],
    ("convener_trait", "apply_pressure"): [r"\bstall"],
}


def _statements(content: Content) -> list:
    bank = content.statements
    return list(bank.values()) if isinstance(bank, dict) else list(bank)


def test_no_category_is_told_apart_by_length(content: Content) -> None:
    uneven = {}
    for scheme in content.schemes:
        lengths: dict[str, list[int]] = defaultdict(list)
        for st in _statements(content):
            if scheme in st.answers:
                lengths[st.answers[scheme]].append(len(st.text.split()))
        if len(lengths) < 2:
            continue
        means = {cat: sum(v) / len(v) for cat, v in lengths.items()}
        ratio = max(means.values()) / min(means.values())
        if ratio > MAX_RATIO:
            uneven[scheme] = {cat: round(m, 1) for cat, m in means.items()}
    assert uneven == {}


def test_no_statement_names_its_own_category(content: Content) -> None:
    named = []
    for st in _statements(content):
        for scheme_id, cat_id in st.answers.items():
            scheme = content.schemes[scheme_id]
            label = next(c.label for c in scheme.categories if c.id == cat_id)
            if " " in label and label.lower() in st.text.lower():
                named.append(f"{st.id}: {label}")
            for pattern in GIVEAWAYS.get((scheme_id, cat_id), []):
                if re.search(pattern, st.text, re.IGNORECASE):
                    named.append(f"{st.id}: {pattern}")
    assert named == []


# Leavitt & McKeown banks (elements, convener, motives, ci, value_alliance): giveaways an
# expert reader found in round 3, kept apart from GIVEAWAYS so the Kittel banks' entries
# merge cleanly. Each pattern once appeared in only one category's statements, or echoed
# that category's description.
LEAVITT_GIVEAWAYS = {
    ("element", "charter"): [r"charter"],
    ("element", "purpose"): [r"\bsign(s|ed)?\b", r"\bremit\b"],
    ("element", "representatives"): [r"credib"],
    ("element", "northbound_train"): [r"\bseats?\b", r"on board"],
    ("element", "common_pain"): [
        r"\w+'s problem",
        r"(not|isn't|aren't) (really )?(their|our) problem",
    ],
    ("convener_trait", "astute_perception"): [r"\bnotic", r"\breali[sz]", r"\bwas right\b"],
    ("convener_trait", "stage_setting"): [r"\bfram(e|ed|ing)\b"],
    ("convener_trait", "trusted_reputation"): [r"\bbelieve"],
    ("convener_trait", "apply_pressure"): [
        r"\bh[eo]ld\b[^.]*\bto (that|its|their|his|her) (agreement|word)"
    ],
    ("convener_trait", "relevant_influence"): [r"\bfamous\b", r"celebrit", r"unknown to"],
    ("motive", "greed"): [r"run the numbers", r"\bsums\b"],
    ("motive", "greatness"): [r"\bunpaid\b", r"for nothing", r"break even"],
    ("ci_trait", "empathetic"): [r"^before\b", r"\bhear(d|ing)?\b"],
    ("ci_trait", "outcome_oriented"): [r"scorecard", r"team (result|outcome)"],
    ("ci_trait", "principle_focused"): [r"(doesn't|does not|don't|do not) (matter|care) who"],
}
# The Leavitt schemes whose statements are also checked for tell-tale openings.
LEAVITT_SCHEMES = ("element", "convener_trait", "motive", "ci_trait", "value_alliance")
OPENING_MIN = 3  # an opening word used this often must not belong to one category alone


def test_no_leavitt_statement_repeats_a_giveaway(content: Content) -> None:
    found = []
    for st in _statements(content):
        for scheme_id, cat_id in st.answers.items():
            for pattern in LEAVITT_GIVEAWAYS.get((scheme_id, cat_id), []):
                if re.search(pattern, st.text, re.IGNORECASE):
                    found.append(f"{st.id}: {pattern}")
    assert found == []


def test_no_leavitt_category_owns_an_opening_word(content: Content) -> None:
    """'Before ...' only in Empathetic, 'If ...' only in one motive: a sorting cue."""
    owned = []
    for scheme_id in LEAVITT_SCHEMES:
        by_word: dict[str, set[str]] = defaultdict(set)
        uses: dict[str, int] = defaultdict(int)
        for st in _statements(content):
            if scheme_id in st.answers:
                word = re.sub(r"[^a-z']", "", st.text.split()[0].lower())
                by_word[word].add(st.answers[scheme_id])
                uses[word] += 1
        owned += [
            f"{scheme_id}: {word!r} x{uses[word]} only in {cats.pop()}"
            for word, cats in by_word.items()
            if uses[word] >= OPENING_MIN and len(cats) == 1
        ]
    assert owned == []


def test_no_explanation_splits_a_hyphenated_word(content: Content) -> None:
    """A folded YAML line break after a hyphen shows as 'outcome- oriented'."""
    split = [
        f"{st.id}: {m}"
        for st in _statements(content)
        for m in re.findall(r"\S+- [a-z]\S*", st.explanation)
    ]
    assert split == []
