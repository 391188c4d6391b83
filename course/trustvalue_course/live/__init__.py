"""The live classroom: rooms where phones answer (``rooms``) and the server extension
that serves the gallery and the phones' page (``extension``).

Enable it in a Jupyter server with ``--ServerApp.jpserver_extensions=trustvalue_course.live=True``
(``trustvalue_course.serve`` does). This module stays light: the trainer's kernel
imports ``rooms`` without loading Jupyter Server.
"""

from __future__ import annotations


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "trustvalue_course.live.extension"}]
