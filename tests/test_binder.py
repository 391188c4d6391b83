"""Binder: every link agrees with the one setting; Binder's own build plan, replayed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import REPO
from trustvalue_course.content.yamlsource import ContentError
from trustvalue_course.publishing.binder import (
    BADGES_END,
    BADGES_START,
    BINDER,
    BINDER_LINK,
    START_HERE,
    VOILA_APP,
    BinderSetting,
    load_setting,
    with_badges,
)
from trustvalue_course.publishing.pages import course_map_heading


def binder_links() -> dict[str, list[str]]:
    """Every Binder address in the README and the notebooks, by file."""
    files = [REPO / "README.md", *REPO.glob("modules/**/*.ipynb"), *REPO.glob("apps/*.ipynb")]
    found = {}
    for path in files:
        links = BINDER_LINK.findall(path.read_text(encoding="utf-8"))
        if links:
            found[str(path.relative_to(REPO))] = links
    return found


def test_every_binder_link_agrees_with_the_setting_and_opens_a_real_file() -> None:
    setting = load_setting(REPO)
    prefix = f"{BINDER}/{setting.repository}/{setting.branch}?urlpath="
    found = binder_links()
    assert set(found) >= {"README.md", "modules/course-map.ipynb"}
    for where, links in found.items():
        for link in links:
            assert link.startswith(prefix), f"{where}: {link} disagrees with binder/course.yaml"
            urlpath = unquote(link[len(prefix) :])
            kind, _, target = urlpath.partition("/")
            target = target.removeprefix("tree/").removeprefix("render/")
            assert kind in ("lab", "voila") and (REPO / target).is_file(), (where, urlpath)
    readme_paths = {unquote(link[len(prefix) :]) for link in found["README.md"]}
    assert readme_paths == {START_HERE, VOILA_APP}


def test_a_fork_changes_one_file_and_every_link_follows() -> None:
    fork = BinderSetting(repository="alliance-school/trust-course", branch="spring-2027")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    forked = with_badges(readme, fork)
    links = BINDER_LINK.findall(forked)
    assert len(links) == 2
    assert all(
        link.startswith(f"{BINDER}/alliance-school/trust-course/spring-2027?urlpath=")
        for link in links
    )
    # Only the badge block changes.
    assert forked.split(BADGES_START)[0] == readme.split(BADGES_START)[0]
    assert forked.split(BADGES_END)[1] == readme.split(BADGES_END)[1]
    assert BINDER_LINK.findall(course_map_heading(fork))[0].startswith(
        f"{BINDER}/alliance-school/trust-course/spring-2027?"
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("binder:\n  repository: not a repository\n  branch: main\n", "binder.repository"),
        ("binder:\n  repository: a/b\n  branch: 'two words'\n", "binder.branch"),
        ("binder:\n  repository: a/b\n", "binder.branch"),
    ],
)
def test_a_wrong_setting_names_the_file_line_and_field(
    tmp_path: Path, text: str, field: str
) -> None:
    (tmp_path / "binder").mkdir()
    (tmp_path / "binder" / "course.yaml").write_text(text)
    with pytest.raises(ContentError) as err:
        load_setting(tmp_path)
    message = str(err.value)
    assert "binder/course.yaml" in message and field in message
