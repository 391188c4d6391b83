"""A learner's own files: saved answers (store), the notebook save hook (saving), backups.
May import content only; learning, the widgets and grading read these files through it.
"""
