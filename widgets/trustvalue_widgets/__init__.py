"""Custom Jupyter widgets (anywidget) for the trust and value course."""

from .activities import activity
from .apps import SorterApp
from .sorter import StatementSorter

__all__ = ["SorterApp", "StatementSorter", "activity"]
