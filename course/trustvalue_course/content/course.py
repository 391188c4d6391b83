"""The loaded course: every content file as typed objects, and what a sorter shows.

:func:`~trustvalue_course.content.loading.load_content` builds a :class:`Content`;
its methods pick and deal a sorter's statements (:mod:`.dealing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dealing import balanced_pick, deal
from .models import (
    Activity,
    Case,
    ModuleSpec,
    Rubric,
    Scheme,
    Statement,
)
from .reference_models import Bibliography, Glossary, Syllabus


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
