"""Publishing the course: the notebooks' build, the learners' branch, Binder, the environment.
The top of the course: may import every other part of the course, and nothing imports it.
"""
