"""nbgrader configuration for the course. Run nbgrader from this folder.

Instructors: the graded source notebooks are in source/, built from the
content files by `make notebooks`; learners' copies go to ../modules/.
"""

c = get_config()

c.CourseDirectory.course_id = "trust-and-value"
c.CourseDirectory.source_directory = "source"
# Learners' notebooks: the release folder is the course's modules/ folder.
c.CourseDirectory.release_directory = "../modules"

# What a learner sees in place of a solution.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "*Type your answer here (double-click this cell to edit it).*"

# A submission that hangs (an infinite loop, say) is stopped, and the batch goes on.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
