"""The trainer's start page: every app of the course, one click away, nothing from the network."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from ..content import Content, course_content


@dataclass(frozen=True)
class AppLink:
    group: str
    title: str
    detail: str
    notebook: str
    query: dict[str, str]

    def href(self, base_url: str) -> str:
        q = f"?{urlencode(self.query)}" if self.query else ""
        return f"{base_url}voila/render/{self.notebook}{q}"


GROUPS = (
    (
        "present",
        "Present and let the room answer",
        "One question at a time, live answers by phone.",
    ),
    (
        "room",
        "The room takes part",
        "Profiles, word clouds, rankings and quizzes: every phone answers, the screen shows the room.",
    ),
    ("cases", "Score a case together", "The whole rubric for one case, with the reference."),
    ("tools", "Simulate and navigate", ""),
)


def app_links(content: Content | None = None) -> list[AppLink]:
    """Every trainer app, in course order."""
    content = content or course_content()
    links: list[AppLink] = []
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        for act in module.activities:
            if act.widget == "sorter" and act.scheme in content.schemes:
                title = act.title or content.schemes[act.scheme].title
                links.append(
                    AppLink(
                        "present",
                        title,
                        f"Module {module.number}: {module.title}",
                        "presenter.ipynb",
                        {"activity": act.id},
                    )
                )
    for case in content.cases.values():
        links.append(
            AppLink(
                "present",
                f"Case criteria: {case.title}",
                f"{case.industry}: score each criterion with the room",
                "presenter.ipynb",
                {"case": case.id},
            )
        )
        links.append(
            AppLink(
                "cases",
                case.title,
                f"{case.industry} \u00b7 {case.region}",
                "case-scorecard.ipynb",
                {"case": case.id},
            )
        )
    links.extend(room_links(content))
    links.append(
        AppLink(
            "tools",
            "Trust spiral simulator",
            "Move the sliders; add a shock.",
            "spiral-simulator.ipynb",
            {},
        )
    )
    links.append(
        AppLink("tools", "Statement sorter", "A round of statements.", "statement-sorter.ipynb", {})
    )
    links.append(
        AppLink("tools", "Course map", "Every module and activity.", "course-map.ipynb", {})
    )
    return links


def room_links(content: Content) -> list[AppLink]:
    """The room's other activities: a profile, rankings, word clouds and quizzes."""
    from .prompts import cloud_prompts

    links = [
        AppLink(
            "room",
            "Profile our own alliances",
            "Each person scores an alliance of their own on the eight elements, anonymously.",
            "presenter.ipynb",
            {"profile": "elements"},
        ),
        AppLink(
            "room",
            "Rank the six practices",
            "Phones put the practices in order; the screen shows the room's ranking.",
            "presenter.ipynb",
            {"rank": "practice"},
        ),
        AppLink(
            "room",
            "Rank the eight elements",
            "Which matter most for an alliance you know?",
            "presenter.ipynb",
            {"rank": "element"},
        ),
    ]
    for prompt in cloud_prompts(content):
        links.append(
            AppLink(
                "room",
                f"Word cloud: {prompt.text}",
                "A few words from each phone.",
                "presenter.ipynb",
                {"cloud": prompt.id},
            )
        )
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        if module.exercises:
            links.append(
                AppLink(
                    "room",
                    f"Questions: {module.title}",
                    f"Module {module.number}'s practice questions; quiz mode adds a clock and a leaderboard.",
                    "presenter.ipynb",
                    {"questions": module.id},
                )
            )
    return links


def gallery_html(base_url: str, content: Content | None = None) -> str:
    links = app_links(content)
    sections = []
    for key, heading, blurb in GROUPS:
        items = "".join(
            f'<li><a class="tv-card" href="{escape(link.href(base_url))}">'
            f'<span class="tv-card-title">{escape(link.title)}</span>'
            f'<span class="tv-card-detail">{escape(link.detail)}</span></a></li>'
            for link in links
            if link.group == key
        )
        blurb_html = f"<p>{escape(blurb)}</p>" if blurb else ""
        sections.append(
            f'<section aria-labelledby="g-{key}"><h2 id="g-{key}">{escape(heading)}</h2>'
            f'{blurb_html}<ul class="tv-cards">{items}</ul></section>'
        )
    return PAGE.format(sections="".join(sections))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trust and value: trainer apps</title>
<link rel="icon" href="data:,">
<style>
:root {{ color-scheme: light; }}
body {{ margin: 0; font: 22px/1.4 system-ui, sans-serif; color: #111; background: #fff; }}
header {{ background: #123a5a; color: #fff; padding: 20px 40px; }}
header h1 {{ margin: 0; font-size: 36px; }}
header p {{ margin: 6px 0 0; font-size: 22px; }}
main {{ padding: 12px 40px 40px; }}
h2 {{ font-size: 28px; margin: 28px 0 4px; }}
section > p {{ margin: 0 0 12px; }}
.tv-cards {{ list-style: none; padding: 0; margin: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; }}
.tv-card {{ display: block; padding: 14px 18px; border: 2px solid #123a5a; border-radius: 10px;
  color: #111; text-decoration: none; min-height: 80px; }}
.tv-card:hover, .tv-card:focus {{ background: #e8f0f7; outline: 4px solid #f2b100; }}
.tv-card-title {{ display: block; font-weight: 700; font-size: 24px; }}
.tv-card-detail {{ display: block; font-size: 20px; color: #333; }}
</style></head>
<body><header><h1>Trust and value in strategic alliances</h1>
<p>Trainer apps: pick one to put on the projector.</p></header>
<main>{sections}</main></body></html>
"""
