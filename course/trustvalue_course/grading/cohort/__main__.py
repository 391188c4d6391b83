"""``python -m trustvalue_course.grading.cohort``: the same command as ``trustvalue-cohort``."""

import sys

from . import main

sys.exit(main())
