"""The one place that says how Voila is run, for `make present`, Binder and the tests.

python -m trustvalue_course.serve voila-args
"""

from __future__ import annotations

import sys

# Lab extensions that throw errors inside Voila's page.
EXTENSION_DENYLIST = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]

VOILA_ARGS = [
    # Kernels of closed tabs are not shut down by Voila; cull them.
    "--MappingKernelManager.cull_idle_timeout=120",
    "--MappingKernelManager.cull_interval=30",
    "--VoilaConfiguration.extension_denylist=" + repr(EXTENSION_DENYLIST).replace(" ", ""),
    "--VoilaConfiguration.show_tracebacks=False",
    "--theme=light",
]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["voila-args"]:
        print(" ".join(f'"{a}"' for a in VOILA_ARGS))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
