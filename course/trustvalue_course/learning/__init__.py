"""The logic the widgets call: scoring, sorting, the spiral, questions, timing, progress.
May import content and learner_files only; no widget, server or nbgrader code.
"""
