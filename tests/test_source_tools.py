"""The project's own two checks against the sources, run as part of ``make test``.

``shared/tools/source_overlap.py`` lists any run of ten or more words the project
shares with a source; ``shared/tools/source_paraphrase.py`` lists course sentences
that rebuild a source sentence with a few words swapped. Both must report nothing.
The tools and the sources are not part of the project: they sit in ``../shared``
beside the checkout (or where ``TRUSTVALUE_SHARED`` points), and these tests are
skipped, saying so, where that folder is absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _tool(name: str) -> Path:
    shared = Path(os.environ.get("TRUSTVALUE_SHARED", REPO.parent / "shared"))
    tool = shared / "tools" / name
    if not tool.is_file() or not sorted((shared / "sources").glob("*.txt")):
        pytest.skip(f"{tool} or its sources are absent: the source checks cannot run here")
    return tool


def _run(name: str) -> tuple[int, list[str]]:
    tool = _tool(name)
    proc = subprocess.run(
        [sys.executable, str(tool)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = proc.stdout.strip().splitlines()
    return proc.returncode, lines


def test_no_run_of_ten_words_is_shared_with_a_source() -> None:
    code, lines = _run("source_overlap.py")
    assert lines and lines[-1].startswith("0 "), "\n".join(lines[-40:])
    assert code == 0


def test_no_course_sentence_is_a_close_paraphrase_of_a_source() -> None:
    code, lines = _run("source_paraphrase.py")
    assert lines and lines[-1].startswith("0 "), "\n".join(lines[-60:])
    assert code == 0
