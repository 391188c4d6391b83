"""Custom Jupyter widgets (anywidget) for the trust and value course."""

from .activities import activity
from .apps import ScorecardApp, SorterApp, spiral_app
from .scorecard import Scorecard
from .sorter import StatementSorter
from .spiral import SpiralSimulator

__all__ = [
    "Scorecard",
    "ScorecardApp",
    "SorterApp",
    "SpiralSimulator",
    "StatementSorter",
    "activity",
    "spiral_app",
]
