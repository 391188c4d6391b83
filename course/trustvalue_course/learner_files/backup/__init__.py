"""All of a learner's saved work in one small file, and back again (format, parse, export, merge).
Imports the content and the answer store (``..store``); the widgets import it.

A Binder session is thrown away after a short idle spell, and with it every
``saved-answers/<activity>.json`` beside the module notebooks. ``export``
gathers them, for every module of the course, into one JSON document::

    {"format": "trustvalue-backup", "version": 1, "course": COURSE_ID,
     "created_at": "...", "activities": {"<activity id>": {<saved record>},
                                         "<module id>/<question id>": {<saved answer>}},
     "checksum": "sha256:<hex of the canonical JSON of the fields above>"}

``restore`` reads such a file back on a fresh session. The file is data only:
it is parsed as JSON (never executed, never rendered as HTML), checked
against a fixed schema (known activity and question ids only, the record shape
each widget writes, plain text without markup; a question's answer exactly one
of its offered letters), and a file that fails any check is
refused with one plain message before anything is written. Where the session
already holds an answer for an activity, the newer of the two (by its
``saved_at``) is kept, and the learner is told which, activity by activity.
Writing uses :class:`~trustvalue_course.learner_files.store.AnswerStore`'s atomic saves;
if one save fails, the ones already made are put back, so a restore changes
everything or nothing.

Question answers are checked against the offered letters only, never against a
key (this module reads none): restoring a right answer and a wrong one look the
same, so in the instructor-led edition a restore reveals nothing.
"""

from .export import export, export_filename
from .format import (
    BACKUP_VERSION,
    COURSE_ID,
    FORMAT,
    MAX_BYTES,
    REFUSED,
    Backup,
    BackupError,
    Decision,
    RestoreReport,
    checksum,
)
from .merge import plan, restore
from .parse import parse

__all__ = [
    "BACKUP_VERSION",
    "COURSE_ID",
    "FORMAT",
    "MAX_BYTES",
    "REFUSED",
    "Backup",
    "BackupError",
    "Decision",
    "RestoreReport",
    "checksum",
    "export",
    "export_filename",
    "parse",
    "plan",
    "restore",
]
