"""Custom Jupyter widgets (anywidget) for the trust and value course."""

from .activities import activity
from .apps import ScorecardApp, SorterApp, spiral_app
from .course_map import CourseMap
from .scorecard import Scorecard
from .sorter import StatementSorter
from .spiral import SpiralSimulator

__all__ = [
    "CourseMap",
    "Scorecard",
    "ScorecardApp",
    "SorterApp",
    "SpiralSimulator",
    "StatementSorter",
    "activity",
    "spiral_app",
]
