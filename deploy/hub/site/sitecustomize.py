"""Loads the course's environment into a shared copy of its interpreter (see ../hubenv.py).

A plain PYTHONPATH would skip the environment's .pth files (editable installs)."""

import os
import site

if os.environ.get("TRUSTVALUE_SITE"):
    site.addsitedir(os.environ["TRUSTVALUE_SITE"])
