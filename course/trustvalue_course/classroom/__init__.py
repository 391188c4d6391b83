"""The classroom: the trainer's server (serve), its extension (gallery, phones' page), live rooms.
May import content, learner_files, learning, kinds; the presenter widget imports ``rooms``.

Enable the extension in a Jupyter server with
``--ServerApp.jpserver_extensions=trustvalue_course.classroom=True``
(``python -m trustvalue_course.classroom.serve`` does). This module stays light: the
trainer's kernel imports ``rooms`` without loading Jupyter Server.
"""

from __future__ import annotations


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "trustvalue_course.classroom.extension"}]
