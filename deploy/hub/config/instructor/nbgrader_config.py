"""nbgrader for an instructor's server on the course hub: the course folder and the exchange."""

import os

c = get_config()
course = os.path.expanduser("~/trust-and-value/autograder")
if os.path.exists(os.path.join(course, "nbgrader_config.py")):
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # the course's own settings
c.CourseDirectory.root = course
c.CourseDirectory.course_id = "trust-and-value"
c.Exchange.root = os.environ.get("TRUSTVALUE_EXCHANGE", "/srv/nbgrader/exchange")
