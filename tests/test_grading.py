"""nbgrader for real: release, fetch, submit, collect, autograde in a real gradebook,
grade by hand, return feedback, export grades.

One mixed batch of module 2, graded by plain ``nbgrader autograde`` from the
course folder as nbgrader documents it: honest learners, and a hostile learner
for each known attack. Answers are graded as data read from the submitted
``saved-answers/`` folder; nothing a learner wrote is run, so every attack
earns exactly what its saved answers earn, and the batch always finishes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import get_username

from conftest import jupyter_env
from trustvalue_course.content import load_content
from trustvalue_course.content.keys import load_keys
from trustvalue_course.learner_files.store import AnswerStore
from trustvalue_widgets.question import questions

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-two-perspectives"
# The learner who goes through nbgrader's exchange is whoever runs the tests (nbgrader
# takes the system's user name); the others are handed in straight to submitted/.
ALICE = get_username()
NB = f"{MODULE}.ipynb"

pytestmark = pytest.mark.grading


def nbgrader(
    cwd: Path, env: dict[str, str], *args: str, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fresh_course(course: Path, root: Path) -> dict[str, str]:
    """Copy the nbgrader course without any grading state; return an isolated environment."""
    shutil.copytree(
        REPO / "autograder",
        course,
        ignore=shutil.ignore_patterns(
            "gradebook.db", "submitted", "autograded", "feedback", "release"
        ),
    )
    return jupyter_env(root / "home")


def cell_by_id(nb: dict, grade_id: str) -> dict:
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def with_reflection(release: Path, text: str) -> dict:
    nb = json.loads(release.read_text())
    cell_by_id(nb, "r1-answer")["source"] = text
    return nb


def with_code(release: Path, *sources: str) -> dict:
    """The release with learner-added code cells after the setup cell."""
    nb = json.loads(release.read_text())
    at = next(i for i, c in enumerate(nb["cells"]) if c.get("id") == "setup") + 1
    for n, src in enumerate(sources):
        cell = nbformat.v4.new_code_cell(src)
        cell["id"] = f"added-{n}"
        nb["cells"].insert(at + n, dict(cell))
    return nb


def click(folder: Path, answers: dict[str, str]) -> None:
    """Answer as a learner does: through the question widget, which saves beside the notebook."""
    ask = questions(MODULE, folder)
    for qid, letter in answers.items():
        ask(qid).choose(letter)


# Every learner-added cell starts by leaving a mark: if grading ran it, the mark shows.
MARK = "open('ran-learner-code', 'w').write('x')\n"

ATTACKS = {
    "patched-checker": (
        "import trustvalue_course.learning.exercises as ex, trustvalue_course.grading.preprocessors as g\n"
        "from trustvalue_course.learning.exercises import Mark\n"
        "ex.mark = g.mark = lambda e, r, k: Mark(True, 'ok', 'right')\n"
    ),
    "replaced-exercises": (
        "import sys, types\n"
        "sys.modules['trustvalue_course.learning.exercises'] = types.ModuleType('fake')\n"
        "question = lambda qid: print('ok')\n"
    ),
    "lying-str": (
        "class Letter(str):\n"
        "    def __eq__(self, other): return True\n"
        "    __hash__ = str.__hash__\n"
        "import json, pathlib\n"
        "for q in ('q1', 'q2', 'q3', 'q4'):\n"
        "    pathlib.Path('saved-answers', q + '.json').write_text(\n"
        "        json.dumps({'version': 1, 'activity': q, 'answer': Letter('A')}))\n"
    ),
    "input-transformer": (
        "def cheat(lines):\n"
        "    return ['pass\\n' if 'question' in l else l for l in lines]\n"
        "get_ipython().input_transformers_post.append(cheat)\n"
    ),
    "key-from-files": (
        "import glob, re, json, pathlib\n"
        "for path in glob.glob('../../../keys/*.yaml') + glob.glob('../../../source/*/*.ipynb'):\n"
        "    text = open(path).read()\n"
        "    for q, a in re.findall(r'(q[0-9]+):\\s+answer: ([A-F])', text):\n"
        "        pathlib.Path('saved-answers', q + '.json').write_text(\n"
        "            json.dumps({'version': 1, 'activity': q, 'answer': a}))\n"
    ),
    "key-from-gradebook": (
        "import sqlite3\n"
        "db = sqlite3.connect('../../../gradebook.db')\n"
        "print(db.execute('select name, source from source_cell').fetchall())\n"
    ),
    "copy-other-learner": (
        "import shutil\n"
        f"shutil.copytree('../../{ALICE}/02-two-perspectives/saved-answers',\n"
        "                'saved-answers', dirs_exist_ok=True)\n"
    ),
    "gradebook-edit": (
        "import sqlite3\n"
        "db = sqlite3.connect('../../../gradebook.db')\n"
        "db.execute('update grade set extra_credit = 99')\n"
        "db.execute('update grade set manual_score = 0')\n"
        "db.commit()\n"
    ),
    "kill-parent": "import os\nos.kill(os.getppid(), 9)\n",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    content = load_content()
    root = tmp_path_factory.mktemp("course")
    course = root / "autograder"
    env = fresh_course(course, root)
    exchange = root / "exchange"
    exchange.mkdir()
    env_x = env
    xarg = f"--Exchange.root={exchange}"

    gen = nbgrader(course, env, "generate_assignment", MODULE, "--force")
    assert gen.returncode == 0, gen.stderr
    release = course / "release" / MODULE / NB

    key = {
        q: k.answer
        for q, k in load_keys(content.modules[MODULE], course / "keys").exercises.items()
    }
    qs = sorted(key)
    letters = {q: list(content.modules[MODULE].exercises[i].options) for i, q in enumerate(qs)}
    wrong = {q: next(x for x in letters[q] if x != a) for q, a in key.items()}
    partial = {q: (key[q] if i < 2 else wrong[q]) for i, q in enumerate(qs)}

    # alice goes the whole way a learner goes: fetch, answer by clicking, submit; then collect.
    assert nbgrader(course, env, "release_assignment", MODULE, xarg).returncode == 0
    home = root / "alice-home"
    home.mkdir()
    fetch = nbgrader(home, env_x, "fetch_assignment", MODULE, "--course=trust-and-value", xarg)
    assert fetch.returncode == 0, fetch.stderr
    (home / MODULE / NB).write_text(
        json.dumps(with_reflection(home / MODULE / NB, "My carrier alliance divided the pie."))
    )
    click(home / MODULE, key)
    sub = nbgrader(home, env_x, "submit", MODULE, "--course=trust-and-value", xarg)
    assert sub.returncode == 0, sub.stderr
    coll = nbgrader(course, env, "collect", MODULE, xarg)
    assert coll.returncode == 0, coll.stderr

    submitted = course / "submitted"
    expected: dict[str, int] = {ALICE: len(qs)}

    def hand_in(student: str, nb: dict | str, answers: dict[str, str] | None = None) -> Path:
        folder = submitted / student / MODULE
        folder.mkdir(parents=True)
        (folder / NB).write_text(nb if isinstance(nb, str) else json.dumps(nb))
        if answers:
            click(folder, answers)
        expected[student] = sum(answers.get(q) == key[q] for q in qs) if answers else 0
        return folder

    hand_in("bob", json.loads(release.read_text()), partial)
    hand_in("carol", json.loads(release.read_text()))  # opened, never answered
    for name, code in ATTACKS.items():
        answers = key if name == "kill-parent" else wrong
        hand_in(name, with_code(release, MARK + code), answers)

    # Answers that are not one offered letter as a plain string; a damaged file.
    odd = hand_in("not-a-letter", json.loads(release.read_text()))
    store = AnswerStore(odd / "saved-answers")
    for q, bad in zip(qs, ["b", "AB", ["A"], 1], strict=True):
        store.save(q, {"answer": bad})
    damaged = hand_in("damaged", json.loads(release.read_text()), {qs[3]: key[qs[3]]})
    (damaged / "saved-answers" / f"{qs[0]}.json").write_text('{"version": 1, "activity": "q1", ')
    (damaged / "saved-answers" / f"{qs[1]}.json").mkdir()
    store = AnswerStore(damaged / "saved-answers")
    store.save(qs[2], {"answer": key[qs[3]], "activity": qs[3]})  # another question's file
    expected["damaged"] = 1
    # Links to another learner's saved answers, and a whole linked folder.
    linked = hand_in("linked-answers", json.loads(release.read_text()))
    (linked / "saved-answers").symlink_to(submitted / ALICE / MODULE / "saved-answers")
    # The checked cells rewritten, outputs forged, points raised, a bonus cell invented.
    forged = json.loads(release.read_text())
    for q in qs:
        cell = cell_by_id(forged, q)
        cell["source"] = "print('full marks')"
        cell["metadata"]["nbgrader"]["points"] = 100
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ok"}]
    bonus = nbformat.v4.new_code_cell("print('bonus')")
    bonus["id"] = "bonus"
    bonus["metadata"]["nbgrader"] = {
        "grade": True, "grade_id": "bonus", "points": 50, "solution": False,
        "locked": True, "schema_version": 3, "task": False,
    }  # fmt: skip
    forged["cells"].append(dict(bonus))
    forged["cells"] = [c for c in forged["cells"] if c.get("id") != qs[3]]  # q4 deleted
    hand_in("forged-cells", forged, {**wrong, qs[3]: key[qs[3]]})  # q4 right, its cell gone
    hand_in("dave", '{"cells": [ this is not json')

    auto = nbgrader(course, env, "autograde", MODULE)
    # Manual grading of the reflection, as formgrader would store it.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("r1-answer", MODULE, MODULE, ALICE)
        grade.manual_score = 2
        comment = gb.find_comment("r1-answer", MODULE, MODULE, ALICE)
        comment.manual_comment = "Clear example; say what you would change."
        gb.db.commit()
    feedback = nbgrader(course, env, "generate_feedback", MODULE)
    export = nbgrader(course, env, "export", "--to", str(root / "grades.csv"))
    return {
        "course": course,
        "root": root,
        "auto": auto,
        "feedback": feedback,
        "export": export,
        "key": key,
        "release": release,
        "env": env,
        "expected": expected,
        "content": content,
    }


def score(course: Path, student: str) -> float:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return gb.find_submission(MODULE, student).score


def log_of(graded: dict) -> str:
    return graded["auto"].stdout + graded["auto"].stderr


def test_instructor_led_release_has_no_solutions_keys_or_code_to_type(graded: dict) -> None:
    text = graded["release"].read_text()
    assert "BEGIN SOLUTION" not in text and "Grading guide" not in text
    assert "HIDDEN TESTS" not in text
    folder = graded["release"].parent
    assert sorted(p.name for p in folder.iterdir()) == [NB]  # no practice answers beside it
    keys = load_keys(graded["content"].modules[MODULE], REPO / "autograder" / "keys")
    for q in graded["key"]:
        assert keys.exercises[q].why not in text
    code = [c for c in nbformat.read(graded["release"], 4).cells if c.cell_type == "code"]
    assert [c.source for c in code if c.metadata["nbgrader"]["grade"]] == [
        f'question("{q}")' for q in sorted(graded["key"])
    ]
    assert all(c.metadata["nbgrader"]["locked"] for c in code)  # nothing for a learner to type


def test_instructor_led_release_is_the_self_study_notebook_without_practice_cells(
    graded: dict,
) -> None:
    committed = nbformat.read(REPO / "modules" / MODULE / NB, 4)
    committed.cells = [
        c for c in committed.cells if "self-study-only" not in c.metadata.get("tags", [])
    ]
    assert nbformat.read(graded["release"], 4) == committed


def test_the_whole_mixed_batch_is_graded(graded: dict) -> None:
    course = graded["course"]
    for student in graded["expected"]:
        if student != "dave":
            assert (course / "autograded" / student / MODULE / NB).exists(), student
    assert "dave" in log_of(graded)  # the invalid notebook is reported, the batch goes on


def test_honest_learners_score_exactly_what_they_answered(graded: dict) -> None:
    course, n = graded["course"], len(graded["key"])
    assert score(course, ALICE) == n + 2  # every question, plus 2 hand-graded points
    assert score(course, "bob") == 2
    assert score(course, "carol") == 0


@pytest.mark.parametrize(
    "attack", [*ATTACKS, "not-a-letter", "damaged", "linked-answers", "forged-cells"]
)
def test_every_attack_earns_only_its_saved_answers(graded: dict, attack: str) -> None:
    assert score(graded["course"], attack) == graded["expected"][attack]


def test_no_learner_code_ran_during_grading(graded: dict) -> None:
    course = graded["course"]
    assert list(course.rglob("ran-learner-code")) == []
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("select count(*) from grade where extra_credit > 0").fetchone()[0] == 0
    assert score(course, ALICE) > 0


def test_unreadable_answers_are_reported_with_a_reason(graded: dict) -> None:
    log = log_of(graded)
    assert (
        "not-a-letter/02-two-perspectives Question 1: saved-answers/q1.json: 'b' is not one" in log
    )
    assert (
        "not-a-letter/02-two-perspectives Question 3: saved-answers/q3.json: the answer is not a letter"
        in log
    )
    assert "damaged/02-two-perspectives Question 1: saved-answers/q1.json is damaged" in log
    assert (
        "damaged/02-two-perspectives Question 3: saved-answers/q3.json holds the answer to another"
        in log
    )
    assert "linked-answers/02-two-perspectives Question 1: saved-answers/q1.json is a link" in log
    assert "forged-cells/02-two-perspectives: question cell q4 was missing" in log
    auto = graded["course"] / "autograded" / "not-a-letter" / MODULE / NB
    q2 = next(c for c in nbformat.read(auto, 4).cells if c.get("id") == "q2")
    assert q2.outputs[0].output_type == "error"
    assert "could not be read" in q2.outputs[0].evalue and "'AB' is not one" in q2.outputs[0].evalue


def test_feedback_explains_every_question(graded: dict) -> None:
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    course = graded["course"]
    keys = load_keys(graded["content"].modules[MODULE], course / "keys")
    bob = (course / "feedback" / "bob" / MODULE / f"{MODULE}.html").read_text()
    q3 = sorted(graded["key"])[2]
    assert f"Question {q3[1:]}: your answer" in bob and "is not the best answer" in bob
    assert "is right" in bob
    import html as _html

    assert _html.escape(keys.exercises[q3].why, quote=False)[:60] in bob
    alice = (course / "feedback" / ALICE / MODULE / f"{MODULE}.html").read_text()
    assert "say what you would change" in alice


def test_grades_export_to_csv(graded: dict) -> None:
    assert graded["export"].returncode == 0, graded["export"].stderr
    rows = {r["student_id"]: r for r in csv.DictReader((graded["root"] / "grades.csv").open())}
    assert float(rows[ALICE]["raw_score"]) == len(graded["key"]) + 2
    assert float(rows["bob"]["raw_score"]) == 2
    assert float(rows["carol"]["max_score"]) == len(graded["key"]) + 3


def test_autograde_starts_no_kernel(graded: dict) -> None:
    """nbgrader's Execute step is not in the course's autograde steps at all."""
    assert "Executing notebook" not in log_of(graded)
    assert os.environ.get("NBGRADER_EXECUTION") is None
