"""One-off environment settings, run by `make setup` inside the venv.

JupyterLab's news pop-up asks the network and covers the page, so it is
switched off for this environment (not for the user's other Jupyter installs).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


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


if __name__ == "__main__":
    main()
