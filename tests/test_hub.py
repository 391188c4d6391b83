"""The course on a real JupyterHub: an instructor and three students as separate Unix
accounts, nbgrader's exchange between them, through the proxy and the hub's API.

Root only (the hub starts each server as that person's Unix account). The accounts are
created for the test and removed after it."""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import free_port, jupyter_env, offline_context, start_server
from hostile_text import PAGE_STATE, WORDS, hostile_notebook, ran_scripts, watch
from learner import answer_args
from trustvalue_course.content import load_content
from trustvalue_course.content.keys import load_keys

REPO = Path(__file__).resolve().parents[1]
HUB = REPO / "deploy" / "hub"
sys.path.insert(0, str(HUB))
from hubenv import account_env  # noqa: E402

MODULE = "02-two-perspectives"
COURSE_ID = "trust-and-value"
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.server,
    pytest.mark.grading,
    pytest.mark.skipif(os.geteuid() != 0, reason="the hub creates Unix accounts: run as root"),
    pytest.mark.skipif(
        not (HUB / "node_modules" / ".bin" / "configurable-http-proxy").exists(),
        reason="configurable-http-proxy missing: run `make hub-install`",
    ),
]


@dataclass
class Hub:
    url: str
    token: str
    base: Path
    exchange: Path
    instructor: str
    students: list[str]
    env: dict[str, str]

    def api(self, method: str, path: str, body: object = None, token: str | None = None) -> object:
        req = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {token or self.token}"},
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            text = resp.read().decode()
        return json.loads(text) if text.strip() else None

    def start(self, name: str) -> str:
        """Start ``name``'s server (as the hub's admin would) and return a token of theirs."""
        try:
            self.api("POST", f"/hub/api/users/{name}/server")
        except urllib.error.HTTPError as err:
            if err.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + 120
        while not self.api("GET", f"/hub/api/users/{name}")["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, f"{name}'s server did not start"
            time.sleep(0.5)
        return self.api("POST", f"/hub/api/users/{name}/tokens", {"note": "test"})["token"]

    def as_user(self, name: str, *cmd: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a command as ``name``'s Unix account, with their hub environment."""
        pw = pwd.getpwnam(name)
        role = "instructor" if name == self.instructor else "student"
        python, extra = account_env(role, str(self.exchange))
        env = jupyter_env(Path(pw.pw_dir), USER=name, **extra)
        return subprocess.run(
            [python, *cmd],
            cwd=cwd or pw.pw_dir,
            env=env,
            user=pw.pw_uid,
            group=pw.pw_gid,
            extra_groups=[],
            capture_output=True,
            text=True,
            timeout=600,
        )


@contextmanager
def running_hub(n_students: int, **settings: str) -> Iterator[Hub]:
    """A hub with an instructor and ``n_students`` Unix accounts made for it, removed after."""
    tag = secrets.token_hex(2)
    instructor = f"tv{tag}ins"
    students = [f"tv{tag}s{i}" for i in range(1, n_students + 1)]
    base = Path(tempfile.mkdtemp(prefix="tvhub-", dir="/tmp"))
    base.chmod(0o755)
    made = subprocess.run(
        [
            *(sys.executable, str(HUB / "accounts.py"), "create", instructor, *students),
            *("--home-base", str(base / "home"), "--passwords", str(base / "state" / "passwords")),
        ],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    port, token = free_port(), secrets.token_hex(16)
    env = jupyter_env(
        base / "root-home",
        TRUSTVALUE_HUB_PORT=str(port),
        TRUSTVALUE_HUB_API_PORT=str(free_port()),
        TRUSTVALUE_PROXY_API_PORT=str(free_port()),
        TRUSTVALUE_HUB_STATE=str(base / "state"),
        TRUSTVALUE_EXCHANGE=str(base / "exchange"),
        TRUSTVALUE_INSTRUCTORS=instructor,
        TRUSTVALUE_STUDENTS=" ".join(students),
        TRUSTVALUE_HUB_ADMIN_TOKEN=token,
        **settings,
    )
    url = f"http://127.0.0.1:{port}"
    server = None
    try:
        server = start_server(
            [str(BIN / "jupyterhub"), "-f", str(HUB / "jupyterhub_config.py")],
            cwd=base,
            env=env,
            probe=f"{url}/hub/api/",
            log=base / "hub.log",
        )
        yield Hub(url, token, base, base / "exchange", instructor, students, env)
    finally:
        if server is not None:
            server.stop()
        subprocess.run([sys.executable, str(HUB / "accounts.py"), "remove", instructor, *students])
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    with running_hub(3) as started:
        yield started


def test_idle_servers_are_culled() -> None:
    """A student's server left idle is stopped by jupyterhub-idle-culler; their files stay."""
    with running_hub(1, TRUSTVALUE_CULL_TIMEOUT="5", TRUSTVALUE_CULL_EVERY="5") as small:
        student = small.students[0]
        small.start(student)
        home = Path(pwd.getpwnam(student).pw_dir)
        deadline = time.monotonic() + 120
        while small.api("GET", f"/hub/api/users/{student}")["servers"]:
            assert time.monotonic() < deadline, "the idle server was not culled"
            time.sleep(2)
        assert (home / "modules" / "glossary.ipynb").exists()
        log = (small.base / "hub.log").read_text()
        assert "idle-culler" in log


def server_api(hub: Hub, name: str, token: str, method: str, path: str, body: object = None):
    return hub.api(method, f"/user/{name}{path}", body, token=token)


@pytest.fixture(scope="module")
def cycle(hub: Hub) -> dict:
    """Release module 2, three students fetch, answer and submit through their own servers;
    the instructor collects, autogrades and returns feedback; the students fetch it."""
    ins = hub.instructor
    tokens = {ins: hub.start(ins)}
    course = Path(pwd.getpwnam(ins).pw_dir) / COURSE_ID / "autograder"
    steps = {}

    def instructor(step: str) -> None:
        """One cohort step, run by the instructor's account as they would in a terminal."""
        done = hub.as_user(ins, "-m", "trustvalue_course.grading.cohort", step, MODULE, cwd=course)
        steps[step] = done
        assert done.returncode == 0, done.stdout + done.stderr

    instructor("release")

    content = load_content()
    key = {
        q: k.answer
        for q, k in load_keys(content.modules[MODULE], course / "keys").exercises.items()
    }
    wrong = {q: ("A" if a != "A" else "B") for q, a in key.items()}
    qs = sorted(key)
    answers = {
        hub.students[0]: key,
        hub.students[1]: {q: (key[q] if i < 2 else wrong[q]) for i, q in enumerate(qs)},
        hub.students[2]: {},  # fetched, nothing clicked, a hostile reflection
    }
    listed, saved = {}, {}
    for name, given in answers.items():
        tok = tokens[name] = hub.start(name)
        listed[name] = server_api(hub, name, tok, "GET", f"/assignments?course_id={COURSE_ID}")
        ids = {"course_id": COURSE_ID, "assignment_id": MODULE}
        server_api(hub, name, tok, "POST", "/assignments/fetch", ids)
        # The fetched notebook, opened and saved again through the student's server.
        folder = f"modules/{MODULE}"
        nb = server_api(hub, name, tok, "GET", f"/api/contents/{folder}/{MODULE}.ipynb")
        content = nb["content"]
        if name == hub.students[2]:  # the hostile learner: scripts in the reflection and cells
            content = hostile_notebook(content)
        body = {"type": "notebook", "format": "json", "content": content}
        server_api(hub, name, tok, "PUT", f"/api/contents/{folder}/{MODULE}.ipynb", body)
        # Answers are clicks on the question widgets, which save saved-answers/qN.json
        # beside the notebook, as the student's own account.
        home = Path(pwd.getpwnam(name).pw_dir)
        clicked = hub.as_user(name, *answer_args(MODULE, home / folder, given), cwd=home / folder)
        assert clicked.returncode == 0, clicked.stderr
        saved[name] = sorted(p.name for p in (home / folder).glob("saved-answers/*.json"))
        server_api(hub, name, tok, "POST", "/assignments/submit", ids)

    instructor("collect")
    instructor("autograde")
    instructor("feedback")
    instructor("return")

    feedback = {}
    for name in answers:
        tok = hub.start(name)
        ids = {"course_id": COURSE_ID, "assignment_id": MODULE}
        after = server_api(hub, name, tok, "POST", "/assignments/fetch_feedback", ids)
        folder = Path(pwd.getpwnam(name).pw_dir) / "modules" / MODULE / "feedback"
        feedback[name] = [p.read_text() for p in sorted(folder.rglob("*.html"))]
        listed[f"{name}-after"] = after
    return {
        "course": course,
        "key": key,
        "feedback": feedback,
        "listed": listed,
        "tokens": tokens,
        "steps": steps,
        "saved": saved,
        "answers": answers,
        "autograde_config": hub.as_user(ins, "-c", AUTOGRADE_CONFIG, cwd=course),
    }


def test_each_student_gets_exactly_the_score_their_answers_earn(hub: Hub, cycle: dict) -> None:
    n = len(cycle["key"])
    first, second, third = hub.students
    # What each student handed in: one saved file per question clicked, nothing else.
    assert cycle["saved"] == {
        first: [f"{q}.json" for q in sorted(cycle["key"])],
        second: [f"{q}.json" for q in sorted(cycle["key"])],
        third: [],
    }
    course = cycle["course"]
    for name in hub.students:
        got = sorted(p.name for p in (course / "submitted" / name / MODULE).rglob("*.json"))
        assert got == cycle["saved"][name], name
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(MODULE, s).score for s in hub.students}
        by_question = {
            s: {g.name: g.score for g in gb.find_submission(MODULE, s).notebooks[0].grades}
            for s in hub.students
        }
        assert {s.id for s in gb.students} == set(hub.students)
    assert scores == {first: n, second: 2, third: 0}
    qs = sorted(cycle["key"])
    assert {q: by_question[second][q] for q in qs} == {q: float(i < 2) for i, q in enumerate(qs)}
    summary = cycle["steps"]["autograde"].stdout
    assert f"autograde {MODULE}: 3 of 3 done in " in summary
    # The summary gives GradeFromAnswers' reasons, question by question.
    assert f"  {second}: q3: wrong answer; q4: wrong answer" in summary
    # The third handed in no answers, and cells of their own (hostile text, shown as text).
    assert "extra cells; no saved answers; q1: not answered; q2: not answered;" in summary
    assert f"  {third}: " in summary


# The nbgrader settings the hub's instructor grades with, as nbgrader loads them there.
AUTOGRADE_CONFIG = """
import json
from pathlib import Path
from trustvalue_course.grading.cohort import nbgrader_api
api = nbgrader_api(Path.cwd())
print(json.dumps({
    "sanitize": list(api.config.Autograde.sanitize_preprocessors),
    "autograde": list(api.config.Autograde.autograde_preprocessors),
    "keys": api.config.GradeFromAnswers.keys_directory,
    "release": api.coursedir.release_directory,
    "root": api.coursedir.root,
}))
"""


def test_the_hub_instructor_grades_from_saved_answers_as_the_course_does(cycle: dict) -> None:
    """deploy/hub's instructor config loads the course's own Autograde steps (GradeFromAnswers
    in place of running notebooks), keys and release folder."""
    from traitlets.config import PyFileConfigLoader

    done = cycle["autograde_config"]
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    course = PyFileConfigLoader("nbgrader_config.py", str(REPO / "autograder")).load_config()
    assert got == {
        "sanitize": list(course.Autograde.sanitize_preprocessors),
        "autograde": list(course.Autograde.autograde_preprocessors),
        "keys": course.GradeFromAnswers.keys_directory,
        "release": "release",
        "root": str(cycle["course"]),
    }
    assert "trustvalue_course.grading.GradeFromAnswers" in got["autograde"]
    assert not any("Execute" in step for step in got["autograde"])
    assert (cycle["course"] / "release" / MODULE / f"{MODULE}.ipynb").exists()
    assert "Executing notebook" not in cycle["steps"]["autograde"].stderr


def test_students_see_the_release_and_fetch_their_feedback(hub: Hub, cycle: dict) -> None:
    for name in hub.students:
        before = cycle["listed"][name]["value"]
        assert [(a["assignment_id"], a["status"]) for a in before] == [(MODULE, "released")]
        assert len(cycle["feedback"][name]) == 1, name
    assert "is not the best answer" in cycle["feedback"][hub.students[1]][0]
    assert "is not the best answer" not in cycle["feedback"][hub.students[0]][0]


PEEK = """
import os, sys
for path in sys.argv[1:]:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path).read()
        print("READ", path)
    except PermissionError:
        print("DENIED", path)
"""


def test_a_student_cannot_reach_keys_gradebook_or_other_students_work(
    hub: Hub, cycle: dict
) -> None:
    alice, bob = hub.students[0], hub.students[1]
    course = cycle["course"]
    targets = [
        course / "keys" / f"{MODULE}.yaml",
        course / "gradebook.db",
        course / "source" / MODULE / f"{MODULE}.ipynb",
        Path(pwd.getpwnam(alice).pw_dir) / "modules" / MODULE / f"{MODULE}.ipynb",
        hub.exchange / COURSE_ID / "inbound",
    ]
    for target in targets:
        assert target.exists(), target
    peek = hub.as_user(bob, "-c", PEEK, *map(str, targets))
    assert peek.stdout.split() == [w for t in targets for w in ("DENIED", str(t))], peek.stderr


def test_only_the_instructor_has_formgrader_and_instructor_tools(hub: Hub, cycle: dict) -> None:
    student, ins = hub.students[0], hub.instructor
    tok = hub.start(student)
    with pytest.raises(urllib.error.HTTPError) as denied:
        server_api(hub, student, tok, "GET", "/formgrader/api/assignments")
    assert denied.value.code == 404
    assigned = server_api(hub, ins, hub.start(ins), "GET", "/formgrader/api/assignments")
    assert {a["name"]: a["num_submissions"] for a in assigned}[MODULE] == len(hub.students)
    hidden = {f"@jupyter/nbgrader:{p}" for p in ("create-assignment", "formgrader", "course-list")}
    hidden.add("@jupyter/nbgrader:validate-assignment")
    assert hidden <= disabled_lab_plugins(hub, student, tok)
    assert not hidden & disabled_lab_plugins(hub, ins, hub.start(ins))


def test_a_hostile_reflection_runs_nothing_in_the_hub_instructors_formgrader(
    hub: Hub, cycle: dict, browser
) -> None:
    """The third student handed in scripts, frames and styles in their reflection and in
    cells they added. On the hub, the instructor opens that submission in formgrader: no
    script runs, no request leaves the machine, the grade boxes are there, the words read
    as text, and the page carries the course's Content-Security-Policy. The feedback the
    student fetched runs nothing either."""
    ins, hostile = hub.instructor, hub.students[2]
    token = hub.start(ins)
    listed = server_api(
        hub, ins, token, "GET", f"/formgrader/api/submitted_notebooks/{MODULE}/{MODULE}"
    )
    sid = {s["student"]: s["id"] for s in listed}[hostile]
    remote: list[str] = []
    headers = {"Authorization": f"token {token}"}
    context = offline_context(
        browser, remote, viewport={"width": 1280, "height": 720}, extra_http_headers=headers
    )
    page = context.new_page()
    dialogs = watch(page)
    response = page.goto(f"{hub.url}/user/{ins}/formgrader/submissions/{sid}/", timeout=60_000)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    state = page.evaluate(PAGE_STATE)
    assert ran_scripts(page, dialogs) == []
    assert remote == []
    assert "script-src" in (response.headers.get("content-security-policy") or "")
    assert "r1-answer" in [b["id"] for b in state["boxes"]]
    assert all(b["shown"] and b["onTop"] for b in state["boxes"]), state["boxes"]
    assert state["styles"] == 0 and state["frames"] == 0 and state["forms"] == 0
    assert WORDS in state["text"] and "<script>" in state["text"]
    page.goto("about:blank")
    # The feedback page the hostile student fetched, opened as they would open it.
    fetched = Path(pwd.getpwnam(hostile).pw_dir) / "modules" / MODULE / "feedback"
    pages = sorted(fetched.rglob("*.html"))
    assert pages
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_timeout(500)
        assert ran_scripts(page, dialogs) == []
        assert WORDS in page.inner_text("body")
    assert remote == []
    context.close()


def disabled_lab_plugins(hub: Hub, name: str, token: str) -> set[str]:
    """The Lab plugins switched off in ``name``'s JupyterLab page (its page config)."""
    req = urllib.request.Request(
        f"{hub.url}/user/{name}/lab", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        page = resp.read().decode()
    start = page.index('id="jupyter-config-data"')
    data = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    disabled = data.get("disabledExtensions", [])
    return set(disabled) if isinstance(disabled, list) else {k for k, v in disabled.items() if v}


def test_a_students_server_renders_voila_in_the_course_template_without_live_rooms(
    hub: Hub,
) -> None:
    """Voila in a student's server uses the course's template and the course's extension
    serves what it needs (the _xsrf cookie), but no public page for phones (/join)."""
    student = hub.students[-1]
    token = hub.start(student)

    def get(path: str) -> tuple[int, str, list[str]]:
        req = urllib.request.Request(
            f"{hub.url}/user/{student}{path}", headers={"Authorization": f"token {token}"}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.read().decode(), resp.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as err:
            with err:
                return err.code, err.read().decode(), []

    status, _body, cookies = get("/trustvalue/xsrf.css")
    assert status == 200 and any(c.startswith("_xsrf=") for c in cookies)
    assert get("/join")[0] == 404
    assert get("/trustvalue/live/api/ABCDE")[0] == 404
    status, body, _cookies = get("/voila/render/modules/no-such-module.ipynb")
    assert status == 404 and "This screen could not open" in body
    assert "cdn.jsdelivr.net" not in body


def test_a_student_signs_in_with_their_password_and_reaches_only_their_own_server(
    hub: Hub, cycle: dict, browser
) -> None:
    """The login a student really uses: the hub's page, the password `make hub-users`
    handed out, checked by PAM against the Unix account. A wrong password is refused,
    and a signed-in student cannot open another student's server."""
    passwords = dict(
        line.split(" ", 1) for line in (hub.base / "state" / "passwords").read_text().splitlines()
    )
    student, other = hub.students[0], hub.students[1]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()

    def sign_in(password: str) -> None:
        page.goto(f"{hub.url}/hub/login", timeout=60_000)
        page.fill("#username_input", student)
        page.fill("#password_input", password)
        page.click("#login_submit")

    sign_in(passwords[other])  # another student's password
    page.locator(".login_error", has_text="Invalid username or password").wait_for()
    assert "/hub/login" in page.url
    sign_in(passwords[student])
    page.wait_for_url(f"**/user/{student}/**", timeout=120_000)
    page.locator("#jp-main-dock-panel").wait_for(timeout=120_000)
    # Another student's server, with this student's signed-in browser: refused.
    response = page.goto(f"{hub.url}/user/{other}/lab", timeout=60_000)
    assert response is not None and response.status == 403
    assert page.locator("#jp-main-dock-panel").count() == 0
    context.close()
