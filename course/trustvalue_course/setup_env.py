"""One-off environment settings, run by `make setup` inside the venv.

JupyterLab's news pop-up asks the network and covers the page, so it is
switched off for this environment (not for the user's other Jupyter installs).
Voila, also when it runs inside Jupyter (Binder), skips the Lab extensions
that break its page. Both settings go into the environment's own folders.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .serve import EXTENSION_DENYLIST


def lab_overrides_path(prefix: Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def main() -> None:
    path = lab_overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    overrides = json.loads(path.read_text()) if path.exists() else {}
    overrides.setdefault("@jupyterlab/apputils-extension:notification", {})["fetchNews"] = "false"
    overrides.setdefault("@jupyterlab/apputils-extension:notification", {})["checkForUpdates"] = (
        False
    )
    path.write_text(json.dumps(overrides, indent=2) + "\n")
    print(f"JupyterLab settings written to {path}")
    voila = Path(sys.prefix) / "etc" / "jupyter" / "voila.json"
    voila.parent.mkdir(parents=True, exist_ok=True)
    voila.write_text(
        json.dumps({"VoilaConfiguration": {"extension_denylist": EXTENSION_DENYLIST}}, indent=2)
        + "\n"
    )
    print(f"Voila settings written to {voila}")


if __name__ == "__main__":
    main()
