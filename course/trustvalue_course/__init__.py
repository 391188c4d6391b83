"""Trust and value in strategic alliances: the course's content and logic.

One folder per role, each importing only the folders below it:

- ``content/``: the YAML content, its schema, loading and validation (the bottom);
- ``learner_files/``: a learner's saved answers, the save hook, the backup file;
- ``learning/``: the logic the widgets call (scoring, sorting, the spiral, timing, ...);
- ``kinds``: the registry of widget kinds, above content and learning;
- ``grading/``, ``classroom/``: nbgrader's steps and the cohort command; the trainer's
  server, its extension and live rooms (``trustvalue_widgets`` sits at this level too);
- ``publishing/``: building the notebooks, the learners' branch, Binder, the environment (the top).

``tests/test_layout.py`` checks these directions.
"""

from .content import Content, ContentError, course_content, load_content

__all__ = ["Content", "ContentError", "course_content", "load_content"]
