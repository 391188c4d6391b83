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
