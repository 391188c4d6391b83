"""Custom Jupyter widgets (anywidget) for the trust and value course."""

from .activities import activity
from .sorter import StatementSorter

__all__ = ["StatementSorter", "activity"]
