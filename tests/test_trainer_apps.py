"""The trainer's course overview: every module with the time its content takes."""

from __future__ import annotations

import re

from trustvalue_course.content import Content
from trustvalue_course.timing import module_minutes
from trustvalue_widgets.apps import course_map_app


def test_course_overview_shows_each_modules_computed_time(content: Content) -> None:
    html = course_map_app(content).value
    rows = re.findall(r"<tr><td>(\d+)</td><td>.*?</td><td>(.*?)</td>", html)
    modules = sorted(content.modules.values(), key=lambda m: m.number)
    assert rows == [(str(m.number), f"{module_minutes(content, m)} min") for m in modules]
    assert "None" not in html
