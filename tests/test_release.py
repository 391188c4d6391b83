"""Keys out of learners' reach: the learners' branch holds no instructor material in any
object of its history, and an instructor's private bank is merged only into a graded
release built outside the repository, then graded from there."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from nbgrader.api import Gradebook

from conftest import REPO, jupyter_env
from trustvalue_course.content import Content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.content.yamlsource import ContentError
from trustvalue_course.publishing.release import (
    NOT_FOR_LEARNERS,
    graded_release,
    learners_branch,
    publish_learners,
)
from trustvalue_widgets.question import questions

M2 = "02-two-perspectives"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True)
    git(dest, "config", "user.email", "test@example.org")
    git(dest, "config", "user.name", "Test")
    return dest


def instructor_texts(content: Content) -> list[str]:
    """Pieces of text that exist only in instructor material: the reflection grading guides."""
    texts = []
    for module in content.modules.values():
        keys = load_keys(module, REPO / "autograder" / "keys")
        texts += [" ".join(g.guide.split())[:80] for g in keys.reflections.values()]
    return texts


def assert_only_learners_material(repo: Path, refs: list[str], guides: list[str]) -> None:
    """Every object reachable from ``refs`` in ``repo``: no instructor path, blob or guide."""
    instructor_blobs = {
        line.split(" ", 1)[0]
        for line in git(REPO, "rev-list", "--objects", "--all", "--", "autograder").splitlines()
        if line.split(" ", 1)[-1].startswith("autograder/")
    }
    listing = git(repo, "rev-list", "--objects", *refs).splitlines()
    paths = {
        line.split(" ", 1)[0]: line.split(" ", 1)[1] if " " in line else "" for line in listing
    }
    assert len(paths) > 50
    for path in paths.values():
        assert path not in NOT_FOR_LEARNERS, path
        assert not path.startswith(tuple(f"{p}/" for p in NOT_FOR_LEARNERS)), path
    # Every blob, read in one batch: none is instructor material, none holds a guide.
    batch = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=repo,
        input="\n".join(paths).encode() + b"\n",
        capture_output=True,
        check=True,
    ).stdout
    blobs = 0
    while batch:
        header, _, batch = batch.partition(b"\n")
        sha, kind, size = header.decode().split()
        body, batch = batch[: int(size)], batch[int(size) + 1 :]
        if kind != "blob":
            continue
        blobs += 1
        assert sha not in instructor_blobs, paths[sha]
        text = " ".join(body.decode("utf-8", "replace").split())
        for guide in guides:
            assert guide not in text, f"{paths[sha]} holds a grading guide"
    assert blobs > 50


def test_every_object_of_the_learners_branch_is_for_learners(clone: Path, content: Content) -> None:
    first = learners_branch(clone)
    # The instructor's history moves on; the learners' branch follows with its own history.
    (clone / "README.md").write_text((clone / "README.md").read_text() + "\nA new line.\n")
    git(clone, "commit", "-qam", "instructor change")
    second = learners_branch(clone)
    assert second != first and learners_branch(clone) == second  # unchanged: no new commit
    assert git(clone, "rev-list", "learners").split() == [second, first]
    shared = subprocess.run(["git", "merge-base", "learners", "HEAD"], cwd=clone, check=False)
    assert shared.returncode == 1  # no common ancestor: nothing of the instructor's history

    assert_only_learners_material(clone, ["learners"], instructor_texts(content))
    files = set(git(clone, "ls-tree", "-r", "--name-only", "learners").split())
    assert f"modules/{M2}/{M2}.ipynb" in files and "binder/requirements.txt" in files
    assert f"modules/{M2}/.practice-answers.json" in files  # the self-study explanations


def write_bank(bank: Path, content: Content, answer: str = "C", qid: str = "q11") -> dict:
    question = {
        "id": qid,
        "points": 2,
        "prompt": "Your partner's plant manager offers to share next year's capacity plan early. "
        "**What do you do first?**",
        "options": {
            "A": "Ask legal to draft a confidentiality clause before reading it",
            "B": "Decline politely until the steering committee meets",
            "C": "Accept, and share your own forecast back the same week",
            "D": "Accept, and keep your forecast to yourself for now",
        },
    }
    (bank / "modules").mkdir(parents=True, exist_ok=True)
    (bank / "keys").mkdir(exist_ok=True)
    (bank / "modules" / f"{M2}.yaml").write_text(
        yaml.safe_dump({"cells": [{"exercise": question}]})
    )
    key = {
        "exercises": {
            qid: {"answer": answer, "why": "Reciprocity in the first weeks builds the spiral."}
        }
    }
    (bank / "keys" / f"{M2}.yaml").write_text(yaml.safe_dump(key))
    return question


def test_a_private_bank_is_released_and_graded_outside_the_repo(
    tmp_path: Path, content: Content
) -> None:
    bank, out = tmp_path / "bank", tmp_path / "graded"
    question = write_bank(bank, content)
    graded_release(out, bank, modules=[M2])
    release = out / "release" / M2
    text = (release / f"{M2}.ipynb").read_text()
    assert 'question(\\"q11\\")' in text or 'question("q11")' in text
    assert (
        "Reciprocity" not in text and "Reciprocity" not in (release / "questions.json").read_text()
    )
    assert not (REPO / "autograder" / "source" / M2 / "questions.json").exists()

    # A learner answers the bank question in the released folder, by the widget.
    submitted = out / "submitted" / "ann" / M2
    shutil.copytree(release, submitted)
    ask = questions(M2, submitted)
    assert ask("q11")._options[2]["text"] == question["options"]["C"] and ask("q11")._graded
    ask("q11").choose("C")
    ask("q1").choose("A")
    env = jupyter_env(tmp_path / "home")
    auto = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", M2],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert auto.returncode == 0, auto.stderr
    keys = load_keys(content.modules[M2], REPO / "autograder" / "keys")
    expected = 2 + (keys.exercises["q1"].answer == "A")
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert gb.find_submission(M2, "ann").code_score == expected


def test_bank_problems_are_reported_with_their_file(tmp_path: Path, content: Content) -> None:
    bank = tmp_path / "bank"
    write_bank(bank, content, qid="q1")
    with pytest.raises(ContentError, match="already a public question"):
        graded_release(tmp_path / "out", bank, modules=[M2])
    write_bank(bank, content, answer="F")
    (bank / "modules" / f"{M2}.yaml").unlink()
    write_bank(bank, content, answer="F")
    with pytest.raises(ContentError, match=r"keys/02-two-perspectives.yaml.*'F' is not an option"):
        graded_release(tmp_path / "out", bank, modules=[M2])
    with pytest.raises(ContentError, match="outside the public repository"):
        graded_release(REPO / "graded-here", bank)
    assert not (REPO / "graded-here").exists()


def test_publishing_sends_binder_a_repository_of_learners_material_only(
    clone: Path, tmp_path: Path, content: Content
) -> None:
    binder = tmp_path / "binder-repo.git"  # stands in for the GitHub repository Binder builds
    git(tmp_path, "init", "-q", "--bare", str(binder))
    commit = publish_learners(clone, to=str(binder), branch="learners")
    # Binder clones the whole repository: every object of every branch it gets is checked.
    session = tmp_path / "binder-session"
    subprocess.run(["git", "clone", "-q", str(binder), str(session)], check=True)
    git(session, "checkout", "-q", "learners")  # as repo2docker checks out the badge's ref
    assert git(session, "rev-parse", "HEAD").strip() == commit
    refs = set(git(session, "for-each-ref", "--format=%(refname)").split())
    assert refs == {"refs/heads/learners", "refs/remotes/origin/learners"}
    assert_only_learners_material(session, ["--all"], instructor_texts(content))
    assert (session / "modules" / M2 / f"{M2}.ipynb").exists()
    # Publishing again after an instructor's change moves the branch on, still clean.
    (clone / "README.md").write_text((clone / "README.md").read_text() + "\nMore.\n")
    git(clone, "commit", "-qam", "instructor change")
    again = publish_learners(clone, to=str(binder), branch="learners")
    assert again != commit and git(binder, "rev-parse", "learners").strip() == again


def test_publishing_refuses_a_repository_holding_the_instructors_history(
    clone: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "course-repo.git"  # the instructor's own repository
    git(tmp_path, "init", "-q", "--bare", str(shared))
    git(clone, "push", "-q", str(shared), "HEAD:refs/heads/main")
    with pytest.raises(RuntimeError, match="instructor material"):
        publish_learners(clone, to=str(shared), branch="learners")
    assert git(shared, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]
    # A colleague's push this clone has never fetched is found too: the target's refs
    # are fetched and their whole history checked, not matched against what is known here.
    learners_repo = tmp_path / "learners.git"
    git(tmp_path, "init", "-q", "--bare", str(learners_repo))
    publish_learners(clone, to=str(learners_repo), branch="learners")
    colleague = tmp_path / "colleague"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(shared), str(colleague)], check=True)
    git(colleague, "config", "user.email", "c@example.org")
    git(colleague, "config", "user.name", "C")
    (colleague / "tests" / "secret.txt").write_text("instructor only\n")
    git(colleague, "add", "tests/secret.txt")
    git(colleague, "commit", "-qm", "instructor work")
    git(colleague, "push", "-q", str(learners_repo), "HEAD:refs/heads/wip")
    with pytest.raises(RuntimeError, match="refs/heads/wip"):
        publish_learners(clone, to=str(learners_repo), branch="learners")
    assert git(clone, "for-each-ref", "--format=%(refname)", "refs/trustvalue-publish/") == ""


@pytest.mark.parametrize("mistake", ["branch named main", "learners branch made from main"])
def test_a_learners_branch_with_instructor_history_is_never_published(
    clone: Path, tmp_path: Path, mistake: str
) -> None:
    target = tmp_path / "learners.git"
    git(tmp_path, "init", "-q", "--bare", str(target))
    main_before = git(clone, "rev-parse", "HEAD").strip()
    if mistake == "branch named main":
        branch = git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip()
    else:
        branch = "learners"
        git(clone, "branch", "learners", "HEAD")
    with pytest.raises(RuntimeError, match="holds instructor material"):
        publish_learners(clone, to=str(target), branch=branch)
    assert git(target, "for-each-ref").strip() == ""  # nothing pushed
    assert git(clone, "rev-parse", "HEAD").strip() == main_before  # nothing rewritten
    assert git(clone, "status", "--porcelain").strip() == ""


def test_publishing_from_a_fresh_clone_builds_on_what_was_published(
    clone: Path, tmp_path: Path
) -> None:
    target = tmp_path / "learners.git"
    git(tmp_path, "init", "-q", "--bare", str(target))
    first = publish_learners(clone, to=str(target), branch="learners")
    other = tmp_path / "other-clone"  # another instructor's machine: no learners branch
    subprocess.run(["git", "clone", "-q", str(REPO), str(other)], check=True)
    git(other, "config", "user.email", "o@example.org")
    git(other, "config", "user.name", "O")
    (other / "README.md").write_text((other / "README.md").read_text() + "\nOther.\n")
    git(other, "commit", "-qam", "another instructor's change")
    second = publish_learners(other, to=str(target), branch="learners")
    assert git(target, "rev-list", "learners").split() == [second, first]  # a fast-forward


def test_a_repository_address_is_never_taken_as_an_option(clone: Path, tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    with pytest.raises(RuntimeError, match="not a repository address"):
        publish_learners(clone, to=f"--upload-pack=touch {mark}; false", branch="learners")
    assert not mark.exists()


def test_learners_target_exists() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "learners:" in makefile and "trustvalue_course.publishing.release learners" in makefile
    assert (
        json.loads((REPO / "modules" / M2 / ".practice-answers.json").read_text())["module"] == M2
    )


def test_self_study_only_cells_stay_out_of_the_instructor_led_edition(tmp_path: Path) -> None:
    """One source, two editions: nbgrader's release drops the practice-only cells."""
    import nbformat

    from trustvalue_course.publishing.build import nbgrader_generate

    course = tmp_path / "autograder"
    shutil.copytree(REPO / "autograder", course, ignore=shutil.ignore_patterns("release", "*.db"))
    src = course / "source" / M2 / f"{M2}.ipynb"
    nb = nbformat.read(src, 4)
    sample = nbformat.v4.new_markdown_cell("**A sample answer** for self-study learners.")
    sample.metadata["tags"] = ["self-study-only"]
    nb.cells.insert(3, sample)
    nbformat.write(nb, src)
    graded = nbgrader_generate(course, M2, self_study=False)
    study = nbgrader_generate(course, M2, self_study=True, release_dir=tmp_path / "modules")
    assert "A sample answer" not in (graded / f"{M2}.ipynb").read_text()
    assert "A sample answer" in (study / f"{M2}.ipynb").read_text()


def test_no_key_is_installed_with_the_course_package(content: Content) -> None:
    """Learners' kernels import the package: it must hold no answer and no explanation."""
    package = [
        *(REPO / "course" / "trustvalue_course").rglob("*.yaml"),
        *(REPO / "course" / "trustvalue_course").rglob("*.py"),
        *(REPO / "widgets" / "trustvalue_widgets").rglob("*.*"),
    ]
    text = " ".join(" ".join(p.read_text(errors="replace").split()) for p in package)
    for module in content.modules.values():
        for key in load_keys(module, REPO / "autograder" / "keys").exercises.values():
            assert " ".join(key.why.split())[:60] not in text
