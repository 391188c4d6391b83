"""The kinds of activity a module file may name, and the fields each cannot do without.

The schema (``models.Activity``) needs only these names and fields. Everything
else about a kind (its default title, its widget, when it counts as done) is in
the registry above the content, :mod:`trustvalue_course.kinds`, which must list
the same kinds (it checks so when imported).
"""

from __future__ import annotations

REQUIRED_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "sorter": (("scheme", "a sorter activity needs a scheme"),),
    "scorecard": (("case", "a scorecard activity needs a case (a case id, or 'own')"),),
    "spiral": (),
}
"""Each kind: the (field, why) pairs an activity of that kind must fill in."""

KIND_NAMES: tuple[str, ...] = tuple(REQUIRED_FIELDS)
