"""Grading with nbgrader: the course's preprocessors, the private question bank, the cohort command.
May import content, learner_files, learning and kinds; nbgrader's config names its classes here.

``autograder/nbgrader_config.py`` (and every graded course ``make graded`` writes) names
the steps as ``trustvalue_course.grading.preprocessors.<Class>``: they are re-exported here from
:mod:`.preprocessors`, where they live.
"""

from .preprocessors import DropSelfStudyOnly, ForgetUnknownCells, GradeFromAnswers

__all__ = ["DropSelfStudyOnly", "ForgetUnknownCells", "GradeFromAnswers"]
