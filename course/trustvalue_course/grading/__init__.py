"""Grading with nbgrader: the course's steps, learner text made inert, the bank, the cohort command.
May import content, learner_files, learning and kinds; nbgrader's config names its classes here.

``autograder/nbgrader_config.py`` (and every graded course ``make graded`` writes) names
the steps as ``trustvalue_course.grading.<Class>``: they are re-exported here from
:mod:`.preprocessors`, where they live.
"""

from .preprocessors import (
    DropSelfStudyOnly,
    ForgetUnknownCells,
    GradeFromAnswers,
    SanitiseLearnerText,
)

__all__ = ["DropSelfStudyOnly", "ForgetUnknownCells", "GradeFromAnswers", "SanitiseLearnerText"]
