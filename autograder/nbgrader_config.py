"""nbgrader configuration for the course. Run nbgrader from this folder.

Instructors: the graded source notebooks are in source/, built from the
content files by `make notebooks`. `nbgrader generate_assignment` makes the
instructor-led edition in release/ (without the self-study-only cells);
`make notebooks` makes the self-study edition in ../modules/ from the same source.

Grading never runs a learner's code: autograde reads each multiple-choice
answer from the submission's saved-answers/ folder as data and compares it with
the key in keys/ (and in the private question bank, if one is set below), in
nbgrader's own process. Reflections are graded by hand in formgrader.
"""

c = get_config()

c.CourseDirectory.course_id = "trust-and-value"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"

# What a learner sees in place of a solution.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "*Type your answer here (double-click this cell to edit it).*"

# Releasing: practice-only cells (sample answers, say) stay out of the graded edition.
c.GenerateAssignment.preprocessors = [
    "trustvalue_course.grading.DropSelfStudyOnly",
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Grading, first nbgrader's own sanitising: outputs cleared, graded cells restored from
# the gradebook, and cells a learner marked as graded (unknown to it) made ordinary.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "trustvalue_course.grading.ForgetUnknownCells",
    "trustvalue_course.grading.SanitiseLearnerText",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Then grading: nbgrader's Execute step (which would run the learner's notebook) is
# replaced by the course's GradeFromAnswers; the other steps are nbgrader's own.
c.Autograde.autograde_preprocessors = [
    "trustvalue_course.grading.GradeFromAnswers",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GradeFromAnswers.keys_directory = "keys"
# An instructor's private question bank, kept outside the public repository
# (see README, "Grading for credit"); trustvalue-release writes this line.
c.GradeFromAnswers.question_bank = ""

# nbgrader validate (instructors checking a source notebook) still executes it.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
