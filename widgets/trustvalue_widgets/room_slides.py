"""What the presenter puts on screen, one slide at a time, for each kind of room activity.

Every builder turns course content into :class:`Slide` objects: a statement to
sort, a case criterion to score, an alliance profile on the eight elements, a
word-cloud prompt, items to rank, or the module's practice questions (as a quiz
when the trainer turns quiz mode on). Nothing here talks to the room: the
presenter opens one with the slides' questions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustvalue_course.classroom.activities import weakest
from trustvalue_course.classroom.prompts import cloud_prompts
from trustvalue_course.content import Content
from trustvalue_course.content.yamlsource import ContentError, Problem
from trustvalue_course.learning.scoring import criteria_for

ENV_KEYS = "TRUSTVALUE_KEYS"  # the folder of exercise keys, for the quiz (autograder/keys)
KEYS = Path(__file__).resolve().parents[2] / "autograder" / "keys"
QUIZ_SECONDS = 20
RANKED = {"practice": "the six practices", "element": "the eight elements"}


@dataclass(frozen=True)
class Slide:
    """One question for the room: its text, the choices, and the course's answer."""

    id: str
    text: str
    choices: list[dict[str, str]]  # id, label, description
    answer: str
    explanation: str
    context: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    kind: str = "choice"  # a kind of trustvalue_course.classroom.activities

    def question(self, quiz: bool = False) -> dict[str, Any]:
        """The question the room keeps for this slide (a quiz question when ``quiz``)."""
        kind = "quiz" if quiz and self.kind == "choice" and self.extra.get("quiz") else self.kind
        q: dict[str, Any] = {"id": self.id, "kind": kind, "text": self.text}
        if kind in ("choice", "score", "quiz"):
            keep = ("id", "label", "description") if kind == "score" else ("id", "label")
            q["choices"] = [{k: c[k] for k in keep if k in c} for c in self.choices]
            q["answer"] = self.answer
        for key in ("items", "levels", "max"):
            if key in self.extra:
                q[key] = self.extra[key]
        if kind == "quiz":
            q["seconds"] = self.extra.get("seconds", QUIZ_SECONDS)
        return q


def sorter_slides(content: Content, activity_id: str) -> tuple[str, list[Slide]]:
    """The statements of a module's sorter, with the scheme's categories as choices."""
    _module, act = content.activity(activity_id)
    if act.widget != "sorter" or act.scheme is None:
        raise ValueError(f"activity {activity_id!r} is not a sorter")
    scheme = content.schemes[act.scheme]
    choices = [
        {"id": c.id, "label": c.label, "description": c.description} for c in scheme.categories
    ]
    slides = [
        Slide(s.id, s.text, choices, s.answers[scheme.id], s.explanation, s.context or "")
        for s in content.activity_statements(activity_id)
    ]
    return act.title or scheme.title, slides


def case_slides(content: Content, case_id: str) -> tuple[str, list[Slide]]:
    """One slide per rubric criterion of a case: phones pick a level 0-4 (its name and
    description shown); the reference score and its reason are the answer."""
    case = content.cases[case_id]
    rubric = _rubric(content)
    slides = []
    for crit in criteria_for(rubric, "both"):
        ref = case.reference.lens(crit.lens)[crit.id]
        names = rubric.level_names(crit.lens)
        choices = [
            {"id": str(n), "label": f"{n} {names[n]}", "description": crit.levels[n]}
            for n in range(5)
        ]
        slides.append(
            Slide(
                crit.id,
                f"{crit.name}: {crit.question}",
                choices,
                str(ref.score),
                ref.reason,
                case.title,
                kind="score",
            )
        )
    return case.title, slides


def profile_slides(content: Content) -> tuple[str, list[Slide]]:
    """One slide: each person scores an alliance of their own on the eight elements."""
    rubric = _rubric(content)
    elements = criteria_for(rubric, "elements")
    hints = {c.id: c.description for c in content.schemes["element"].categories}
    items = [{"id": c.id, "label": c.name, "hint": hints.get(c.id, "")} for c in elements]
    text = (
        "Score an alliance you belong to on each element, 0 (absent) to 4 (strong). "
        "Anonymous: only the numbers are kept."
    )
    extra = {
        "items": [{"id": i["id"], "label": i["label"]} for i in items],
        "hints": {i["id"]: i["hint"] for i in items},
        "levels": rubric.level_names("elements"),
        "predicts": {c.id: c.weak_predicts for c in elements},
    }
    slide = Slide("profile-elements", text, [], "", "", "Our own alliances", extra, "profile")
    return "Profile our own alliances", [slide]


def cloud_slides(content: Content, prompt_id: str) -> tuple[str, list[Slide]]:
    """One slide: a short written answer from each phone, drawn as a word cloud."""
    prompt = next((p for p in cloud_prompts(content) if p.id == prompt_id), None)
    if prompt is None:
        raise KeyError(f"no word-cloud prompt called {prompt_id!r}")
    module = content.modules[prompt.module]
    context = f"Module {module.number}: {module.title}"
    slide = Slide(prompt.id, prompt.text, [], "", "", context, {"max": 140}, "text")
    return "In a few words", [slide]


def rank_slides(
    content: Content, scheme_id: str, case_id: str | None = None
) -> tuple[str, list[Slide]]:
    """One slide: each phone puts a scheme's categories in order (most important first)."""
    if scheme_id not in RANKED:
        raise KeyError(f"nothing to rank called {scheme_id!r}; use one of: {', '.join(RANKED)}")
    scheme = content.schemes[scheme_id]
    items = [{"id": c.id, "label": c.label} for c in scheme.categories]
    case = content.cases[case_id] if case_id else None
    what = f"for {case.title}" if case else "for an alliance you know"
    text = f"Put {RANKED[scheme_id]} in order: which matters most {what}? Most important first."
    extra = {"items": items, "hints": {c.id: c.description for c in scheme.categories}}
    context = case.summary if case else ""
    slide = Slide(f"rank-{scheme_id}", text, [], "", "", context, extra, "rank")
    return f"Rank {RANKED[scheme_id]}", [slide]


def quiz_slides(
    content: Content, module_id: str, keys_dir: Path | None = None
) -> tuple[str, list[Slide]]:
    """The module's practice questions, with their keys (the instructor's, kept on the
    trainer's machine); a quiz when the trainer turns quiz mode on."""
    from trustvalue_course.content.keys import load_keys

    module = content.modules[module_id]
    if not module.exercises:
        raise KeyError(f"module {module_id!r} has no questions")
    folder = keys_dir or Path(os.environ.get(ENV_KEYS) or KEYS)
    if not (folder / f"{module_id}.yaml").exists():
        raise ContentError([Problem(str(folder), None, "", "the exercise keys are not here")])
    keys = load_keys(module, folder)
    slides = [
        Slide(
            ex.id,
            plain(ex.prompt),
            [{"id": k.lower(), "label": f"{k}. {v}"} for k, v in ex.options.items()],
            keys.exercises[ex.id].answer.lower(),
            keys.exercises[ex.id].why,
            f"Module {module.number}: question {ex.id[1:]}",
            {"quiz": True},
        )
        for ex in module.exercises
    ]
    return f"Questions: {module.title}", slides


def plain(markdown: str) -> str:
    """A question's Markdown as plain text for a screen: quote marks, emphasis and code
    ticks dropped, lines of a paragraph joined."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [re.sub(r"^\s*>\s?", "", line) for line in block.splitlines()]
        text = " ".join(line.strip() for line in lines if line.strip())
        paragraphs.append(re.sub(r"(\*\*|__|`|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w))", "", text))
    return "\n".join(p for p in paragraphs if p)


def _rubric(content: Content) -> Any:
    if content.rubric is None:
        raise ValueError("the course has no rubric")
    return content.rubric


def room_view(
    slide: Slide,
    summary: dict[str, Any],
    revealed: bool,
    board: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The room's answers as the trainer's screen shows them, with what only the course
    knows added once the slide is revealed (answers closed): how far the room was from
    the reference score, the two weakest elements and what they predict, the leaderboard."""
    view = dict(summary)
    if not revealed:
        return view
    if slide.kind == "score" and summary.get("counts"):
        ref = int(slide.answer)
        view["far"] = sum(k for level, k in summary["counts"].items() if abs(int(level) - ref) >= 2)
    if slide.kind == "profile" and summary.get("total"):
        predicts = slide.extra.get("predicts", {})
        view["weakest"] = [
            {**item, "predicts": predicts.get(item["id"], "")} for item in weakest(summary["items"])
        ]
    if board is not None:
        view["board"] = board
    return view
