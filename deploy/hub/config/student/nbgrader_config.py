"""nbgrader for a student's server on the course hub: the exchange, nothing else."""

import os

c = get_config()
c.CourseDirectory.course_id = "trust-and-value"
c.Exchange.root = os.environ.get("TRUSTVALUE_EXCHANGE", "/srv/nbgrader/exchange")
# Fetched modules land beside the course's shared notebooks, in ~/modules.
c.Exchange.assignment_dir = os.path.expanduser("~/modules")
