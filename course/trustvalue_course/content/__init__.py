"""The course's content: the YAML files beside this code, their schema, loading and checks.
May import nothing else of the course; every other part of the course may import it.

The data stays plain YAML in ``cases/``, ``modules/``, ``statements/`` and the
``*.yaml`` files here; ``load_content()`` validates it into typed objects
(:mod:`.models`), reading each file with line numbers (:mod:`.yamlsource`).
"""

from .course import Content
from .loading import CONTENT_DIR, course_content, load_content
from .yamlsource import ContentError, Problem

__all__ = ["CONTENT_DIR", "Content", "ContentError", "Problem", "course_content", "load_content"]
