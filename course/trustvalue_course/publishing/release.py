"""Publishing: the learners' branch, and an instructor's graded release with a private bank.

    python -m trustvalue_course.publishing.release learners [--branch learners]
    python -m trustvalue_course.publishing.release publish [--to URL]
    python -m trustvalue_course.publishing.release graded --out ~/tv-graded [--bank ~/tv-bank]

``learners`` commits the learners' material of ``HEAD`` to a branch with its own
history (every commit on it holds only learners' files; no commit of the
instructor's history is its parent), so the Binder badges can open it without
the answer keys, graded sources or grading guides being anywhere in what they
clone. ``publish`` pushes that branch, alone, to the repository Binder builds
(``binder/course.yaml``): Binder clones a whole repository, so that repository
must hold the learners' history and nothing else; a repository that already
holds any of the instructor's commits is refused. ``graded`` writes a complete nbgrader course folder *outside* the
repository: the source notebooks with the private bank's questions merged in,
the public and private keys, and the instructor-led release in ``release/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..content import load_content
from ..content.yamlsource import ContentError
from ..grading.bank import bank_module, merged_keys
from .binder import load_setting
from .build import REPO, nbgrader_generate, write_notebook
from .module_notebook import source_notebook

# Instructor material and developer tooling: never on the learners' branch.
NOT_FOR_LEARNERS = ("autograder", "tests", "bench", ".ci")


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


PUBLISH_REFS = "refs/trustvalue-publish/"  # where the target's refs are fetched to be checked


def instructor_history(repo: Path, rev: str) -> bool:
    """Whether any commit reachable from ``rev`` holds or touches instructor material."""
    return bool(git(repo, "rev-list", "--full-history", "-n", "1", rev, "--", *NOT_FOR_LEARNERS))


def branch_tip(repo: Path, branch: str) -> str:
    """The commit ``branch`` points at, or "" when there is no such branch."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def _is_ancestor(repo: Path, older: str, newer: str) -> bool:
    done = subprocess.run(
        ["git", "merge-base", "--is-ancestor", older, newer], cwd=repo, capture_output=True
    )
    return done.returncode == 0


def learners_branch(repo: Path = REPO, branch: str = "learners", source: str = "HEAD") -> str:
    """Commit the learners' files of ``source`` on ``branch``; returns the new commit."""
    head = git(repo, "rev-parse", "--verify", f"{source}^{{commit}}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git(repo, "read-tree", head, env=env)
        for path in NOT_FOR_LEARNERS:
            git(repo, "rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", path, env=env)
        tree = git(repo, "write-tree", env=env)
    parent = branch_tip(repo, branch)
    if parent and instructor_history(repo, parent):
        raise RuntimeError(
            f"the branch {branch} holds instructor material in its history, so it cannot be "
            "the learners' branch (Binder would clone all of it). Name another branch in "
            f"binder/course.yaml, or delete this one (git branch -D {branch}) if it was made "
            "by mistake."
        )
    if parent and git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        return parent  # nothing new for learners
    message = f"Learners' material from {head[:12]} (no answer keys, sources or guides)"
    args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
    commit = git(repo, *args)
    git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def binder_remote(repo: Path = REPO) -> str:
    """The address of the repository Binder builds, from ``binder/course.yaml``."""
    return f"https://github.com/{load_setting(repo).repository}.git"


def publish_learners(repo: Path = REPO, to: str | None = None, branch: str | None = None) -> str:
    """Push the learners' branch to ``to`` (Binder's repository); returns the commit pushed.

    Binder clones the whole repository it builds, so that repository must hold the
    learners' history and nothing else. Before anything is pushed, every ref the target
    holds is fetched and checked: a target with any commit that holds or touches
    instructor material (the repository this course is developed in, a branch pushed
    there by a colleague) is refused. What an earlier publish left there is built on,
    so publishing works from any clone. Nothing is ever force-pushed or deleted.
    """
    to = to or binder_remote(repo)
    branch = branch or load_setting(repo).branch
    if not to or to.startswith("-"):
        raise RuntimeError(f"{to!r} is not a repository address")
    remote = [line.split("\t", 1) for line in git(repo, "ls-remote", "--", to).splitlines()]
    try:
        if remote:
            git(repo, "fetch", "--quiet", "--no-tags", "--", to, f"+refs/*:{PUBLISH_REFS}*")
        for sha, ref in remote:
            if instructor_history(repo, sha):
                raise RuntimeError(
                    f"{to} holds {ref}, whose history includes instructor material "
                    f"({', '.join(NOT_FOR_LEARNERS)}). Binder clones the whole repository, "
                    "so every learner would get the keys and grading guides. Publish to a "
                    "repository of the learners' own (binder/course.yaml `repository:`, or "
                    "`make publish TO=<address>`); a learners' repository that already "
                    "received instructor history must be deleted and made again."
                )
        published = next((sha for sha, ref in remote if ref == f"refs/heads/{branch}"), None)
        local = branch_tip(repo, branch)
        if published and (not local or _is_ancestor(repo, local, published)):
            git(repo, "update-ref", f"refs/heads/{branch}", published)  # build on it
        elif published and not _is_ancestor(repo, published, local):
            raise RuntimeError(
                f"the branch {branch} here and the one published at {to} have parted ways. "
                f"Take the published one (git branch -f {branch} {published[:12]}), "
                "then publish again."
            )
        commit = learners_branch(repo, branch)
        git(repo, "push", "--quiet", "--", to, f"refs/heads/{branch}:refs/heads/{branch}")
    finally:
        for ref in git(repo, "for-each-ref", "--format=%(refname)", PUBLISH_REFS).split():
            git(repo, "update-ref", "-d", ref)
    return commit


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def graded_release(
    out: Path, bank: Path | None = None, repo: Path = REPO, modules: list[str] | None = None
) -> list[Path]:
    """Build an nbgrader course folder at ``out`` for grading for credit; returns the releases."""
    for what, path in (("--out", out), ("--bank", bank)):
        if path is not None and _inside(path, repo):
            raise ContentError([_problem(path, f"{what} must be outside the public repository")])
    if bank is not None and not bank.is_dir():
        raise ContentError([_problem(bank, "no such folder")])
    content = load_content()
    course = repo / "autograder"
    out.mkdir(parents=True, exist_ok=True)
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    if bank is not None:
        config += f"\nc.GradeFromAnswers.question_bank = {str(bank.resolve())!r}\n"
    (out / "nbgrader_config.py").write_text(config, encoding="utf-8")
    shutil.copytree(course / "keys", out / "keys", dirs_exist_ok=True)
    releases = []
    for module in sorted(content.modules.values(), key=lambda m: m.number):
        if modules is not None and module.id not in modules:
            continue
        merged = bank_module(module, bank) if bank is not None else module
        keys = merged_keys(merged, course / "keys", bank)
        folder = out / "source" / module.id
        if folder.exists():
            shutil.rmtree(folder)
        write_notebook(source_notebook(merged, keys), folder / f"{module.id}.ipynb")
        extra = [ex for ex in merged.exercises if ex not in module.exercises]
        if extra:
            # The widget shows a bank question from this file (prompt and options, no key).
            data = {"questions": [ex.model_dump() for ex in extra]}
            (folder / "questions.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
        releases.append(nbgrader_generate(out, module.id, self_study=False, gradebook=True))
    return releases


def _problem(path: Path, message: str) -> object:
    from ..content.yamlsource import Problem

    return Problem(str(path), None, "", message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trustvalue_course.publishing.release", description=__doc__
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_learn = sub.add_parser("learners", help="commit the learners' material to its own branch")
    p_learn.add_argument("--branch", default="learners")
    p_pub = sub.add_parser("publish", help="push the learners' branch to Binder's repository")
    p_pub.add_argument(
        "--to", default=None, help="repository address (default: binder/course.yaml)"
    )
    p_graded = sub.add_parser("graded", help="build a graded nbgrader course outside the repo")
    p_graded.add_argument("--out", type=Path, required=True)
    p_graded.add_argument("--bank", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "learners":
            commit = learners_branch(branch=args.branch)
            print(f"branch {args.branch} is at {commit[:12]}")
        elif args.command == "publish":
            commit = publish_learners(to=args.to)
            print(
                f"published the learners' edition ({commit[:12]}) to {args.to or binder_remote()}"
            )
        else:
            for folder in graded_release(args.out, args.bank):
                print(f"released {folder}")
            print(f"grade from {args.out}: cd {args.out} && nbgrader autograde <module>")
    except (ContentError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
