"""The course's other pages: glossary, references, course map and the trainer apps."""

from __future__ import annotations

from typing import Any

from ..content import Content
from .binder import COURSE_MAP, BinderSetting, binder_url
from .cells import page_notebook


def glossary_notebook(content: Content) -> Any:
    assert content.glossary is not None
    names = {
        "kittel": "Kittel, 2007",
        "leavitt": "Leavitt & McKeown, 2013",
        "course": "the course's term",
    }
    cells = [
        (
            "glossary",
            # Links stand alone in list items: in running text they would be told
            # apart by colour alone (axe-core's link-in-text-block).
            "# Glossary\n\nEvery term the course uses, in alphabetical order. "
            "Each says where it comes from, one of:\n\n"
            "- [Kittel, 2007](references.ipynb#kittel-2007)\n"
            "- [Leavitt & McKeown, 2013](references.ipynb#leavitt-mckeown-2013)\n"
            "- the course's term: a name or idea of the course's own, not the sources'\n\n"
            "Where a source gives only a term's name, the definition is the course's reading, "
            "and the entry says so.",
        )
    ]
    for term in sorted(content.glossary.terms, key=lambda t: t.term.lower()):
        see = "".join(f"\n- [{a.replace('-', ' ')}](#cell-id={a})" for a in term.see_also)
        source = f"*Source: {names[term.source]}.*"
        if term.defined_by == "course" and term.source != "course":
            source = (
                f"*Source: the term is from {names[term.source]}, which gives only its name; "
                "the definition is the course's reading.*"
            )
        cells.append(
            (
                term.anchor,
                f"## {term.term}\n\n{term.definition.strip()}\n\n{source}"
                + (f"\n\nSee also:\n{see}" if see else ""),
            )
        )
    return page_notebook(cells)


def references_notebook(content: Content) -> Any:
    assert content.references is not None
    intro = "# References\n\nThe course teaches two works, in its own words."
    if content.references.note:
        intro += "\n\n" + content.references.note.strip()
    cells = [("references", intro)]
    for ref in content.references.references:
        cells.append(
            (
                ref.id,
                f"## {ref.short}\n\n{ref.citation.strip()}\n\n"
                f"**What the course takes from it.** {ref.what_the_course_uses.strip()}",
            )
        )
    return page_notebook(cells)


# Trainer apps for Voila: a heading for the room, then imports, content, app, show.
APPS = {
    "presenter": (
        "# Present\n\nOne question at a time. Keys: right arrow or Page Down for the next, "
        "left arrow or Page Up for the previous, Space to reveal, T for the dark theme. "
        "Start a live room and the room answers from its phones.",
        "from trustvalue_widgets.presenter import presenter_app\n\napp = presenter_app()\napp",
    ),
    "statement-sorter": (
        "# Sort the statements\n\nChoose a way of sorting, read each statement aloud, let the room "
        "decide, then click the category. Each choice shows the reason.",
        "from trustvalue_widgets.apps import SorterApp, friendly\n\napp = friendly(SorterApp)\napp",
    ),
    "case-scorecard": (
        "# Score the alliance\n\nScore each element and each contrast with the room, then compare "
        "with the reference and discuss the biggest gaps.",
        "from trustvalue_widgets.apps import friendly, scorecard_app\n\n"
        "app = friendly(scorecard_app)\napp",
    ),
    "course-map": (
        "# Course map\n\nEvery module, how long it takes, and its activities.",
        "from trustvalue_widgets.apps import course_map_app, friendly\n\n"
        "app = friendly(course_map_app)\napp",
    ),
    "spiral-simulator": (
        "# The trust spiral\n\nMove the sliders and watch an alliance spiral in or out. "
        "Add a shock and ask the room what would rebuild trust afterwards.",
        "from trustvalue_widgets.apps import friendly, spiral_app\n\napp = friendly(spiral_app)\napp",
    ),
}


COURSE_MAP_HEADING = (
    "# Course map\n\nEvery module, how long it takes, and the activities you have finished "
    "(read from your saved answers). Run the cell below, or press **Refresh** after working "
    "on a module. Terms: [glossary](glossary.ipynb). Sources: [references](references.ipynb).\n\n"
    "**Keep your work.** On Binder a session ends after a while without use, and your answers "
    "with it. Below the map, **Download all my work** saves every module's answers in one "
    "small file; on a new session, **Restore from a file** puts them back."
)


# Below the map: download all the learner's work as one file, or restore it.
COURSE_MAP_CODE = (
    "from IPython.display import display\n\n"
    "from trustvalue_widgets import CourseMap\n"
    "from trustvalue_widgets.backup import CourseBackup\n\n"
    "course_map = CourseMap()\n"
    "display(course_map)\n"
    "CourseBackup(after_restore=course_map.refresh)"
)


def course_map_heading(setting: BinderSetting) -> str:
    """The course map's heading, with the Binder address from ``binder/course.yaml``."""
    return (
        f"{COURSE_MAP_HEADING} Working on your own computer and moving to Binder? "
        f"[Open this course map on Binder]({binder_url(setting, COURSE_MAP)}) and restore "
        "your file there."
    )


def app_notebook(heading: str, code: str) -> Any:
    return page_notebook([("heading", heading)], code)
