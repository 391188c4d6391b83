"""A sorter's answer must come from understanding the statement, not from a cue.

No category's statements are, on average, much longer than another's (a long
statement must not mean "Trust & We"); in every bank, length does not even sort
most pairs (a strategic alliance, or a value alliance, must not simply be the
longer story).
No statement names its own category or repeats the giveaway words of its
category's description: a science remark without "clause" or "KPIs", a patient
one without "milestones", a spiral one without "spiralling", a needs one without
"gap", a tactical one without a closing "and nothing else", a value alliance
without "signed" or "charter", a fear motive that does not open with "If". And no
two statements share a run of words, so one scenario is not dealt twice in
different banks.
"""

from __future__ import annotations

import re
from collections import defaultdict

from trustvalue_course.content import Content

MAX_RATIO = 1.25  # longest category's mean length over the shortest's
# In every bank, the chance that a statement of one category is longer than one
# from the others stays within these bounds (0.5 would be no cue at all).
LENGTH_ORDER_BOUNDS = (0.3, 0.7)
SHARED_RUN = 5  # no two statements share this many words in a row
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
    ("contrast", "pie"): [r"\bslices?\b", r"\bpie\b"],
    ("contrast", "needs"): [r"\bgaps?\b"],
    ("perspective", "trust_we"): [r"milestone"],
    ("practice", "be_patient"): [r"milestone", r"\bpatien"],
    ("practice", "mind_spiral"): [
        r"spiral",
        r"moving in or out",
        r"wrong way",
        r"caught myself",
        r"checked myself",
    ],
    ("practice", "share_openly"): [r"elephant", r"nobody has (named|raised)"],
    ("practice", "neutralise"): [r"neutrali"],
    ("spiral", "spiral_in"): [r"spiral"],
    ("spiral", "spiral_out"): [
        r"spiral",
        r"devious",
        r"incompetent",
        r"why we bother",
        r"why we're still",
    ],
    ("relationship", "strategic"): [
        r"strategic",
        r"planning (cycle|horizon)",
        r"long-range plan",
        r"business plan",
        r"strategy period",
    ],
    ("relationship", "tactical"): [
        r"tactical",
        r"nothing else",
        r"whole arrangement",
        r"no other contact",
    ],
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


def test_length_does_not_sort_any_bank(content: Content) -> None:
    """For each category, the share of (its statement, another category's statement)
    pairs in which its statement is the longer one stays near a half."""
    low, high = LENGTH_ORDER_BOUNDS
    sorted_by_length = {}
    for scheme_id in content.schemes:
        lengths: dict[str, list[int]] = defaultdict(list)
        for st in _statements(content):
            if scheme_id in st.answers:
                lengths[st.answers[scheme_id]].append(len(st.text))
        for cat, own in lengths.items():
            others = [n for c, ns in lengths.items() if c != cat for n in ns]
            if not own or not others:
                continue
            wins = sum((a > b) + 0.5 * (a == b) for a in own for b in others)
            share = wins / (len(own) * len(others))
            if not low <= share <= high:
                sorted_by_length[f"{scheme_id}/{cat}"] = round(share, 2)
    assert sorted_by_length == {}


def test_no_two_statements_share_a_run_of_words(content: Content) -> None:
    seen: dict[str, str] = {}
    shared = []
    for st in _statements(content):
        words = re.findall(r"[a-z0-9']+", st.text.lower())
        for i in range(len(words) - SHARED_RUN + 1):
            run = " ".join(words[i : i + SHARED_RUN])
            if run in seen and seen[run] != st.id:
                shared.append(f"{seen[run]} / {st.id}: {run}")
            seen.setdefault(run, st.id)
    assert shared == []


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
