"""Trust and value in strategic alliances: the course's content and logic.

Content (statements, cases, rubric, modules) is YAML under ``content/``;
``load_content()`` validates it into typed objects.
"""

from .content import Content, course_content, load_content
from .yamlsource import ContentError

__all__ = ["Content", "ContentError", "course_content", "load_content"]
