"""A hostile learner's text, handed in, autograded with the course's configuration and
opened by the instructor in the real formgrader (and in the generated feedback), in
a real Chromium that refuses and records every request leaving the machine.

Nothing the learner wrote runs; the grade boxes stay visible and on top; the learner's
words, their HTML included, are readable as text. A second line of defence is tested
on its own: a notebook that was never sanitised, put straight into ``autograded/``,
still runs no script in formgrader, whose page carries a Content-Security-Policy."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import LAB_TOKEN, REPO, Server, offline_context, start_lab
from hostile_text import MARKDOWN, PAGE_STATE, WORDS, hostile_notebook, ran_scripts, watch
from test_grading import fresh_course, nbgrader, with_reflection

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.grading]
MODULE = "02-two-perspectives"
NB = f"{MODULE}.ipynb"
SHOTS = Path("/tmp/shots-grading")
HONEST = "**Trust** grew once we:\n\n- shared the forecast\n- named the hardest problem first"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("grading-pages")
    course = root / "autograder"
    env = fresh_course(course, root)
    gen = nbgrader(course, env, "generate_assignment", MODULE, "--force")
    assert gen.returncode == 0, gen.stderr
    released = json.loads((course / "release" / MODULE / NB).read_text())
    hand_ins = {
        "hostile": hostile_notebook(released),
        "honest": with_reflection(course / "release" / MODULE / NB, HONEST),
        # A meta refresh navigates away, which no page policy can stop; the sanitiser does.
        "unsanitised": hostile_notebook(released, leave_out={"meta-refresh"}),
    }
    for student, nb in hand_ins.items():
        folder = course / "submitted" / student / MODULE
        folder.mkdir(parents=True)
        (folder / NB).write_text(json.dumps(nb))
    auto = nbgrader(course, env, "autograde", MODULE)
    assert auto.returncode == 0, auto.stdout + auto.stderr
    # Suppose the sanitiser had been bypassed: the raw hand-in, as autograded.
    graded = course / "autograded" / "unsanitised" / MODULE / NB
    raw = json.loads(graded.read_text())
    kept = {c["id"]: c for c in raw["cells"]}
    for cell in hand_ins["unsanitised"]["cells"]:
        if cell["cell_type"] != "code" and cell["id"] in kept:
            kept[cell["id"]].update(cell)
    raw["cells"] = [kept.get(c["id"], c) for c in hand_ins["unsanitised"]["cells"]]
    raw["metadata"] = hand_ins["unsanitised"]["metadata"]
    graded.write_text(json.dumps(raw))
    feedback = nbgrader(course, env, "generate_feedback", MODULE)
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    server = start_lab(course, root, JUPYTER_CONFIG_PATH=str(REPO / "deploy" / "instructor"))
    try:
        yield {"course": course, "server": server, "auto": auto}
    finally:
        server.stop()


def submission_ids(server: Server) -> dict[str, str]:
    url = f"{server.url}/formgrader/api/submitted_notebooks/{MODULE}/{MODULE}?token={LAB_TOKEN}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        return {s["student"]: s["id"] for s in json.loads(resp.read())}


def open_submission(browser, server: Server, student: str, name: str) -> dict:
    remote: list[str] = []
    context = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    dialogs = watch(page)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{server.url}/formgrader?token={LAB_TOKEN}")  # signs the browser in
    sid = submission_ids(server)[student]
    response = page.goto(f"{server.url}/formgrader/submissions/{sid}/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    state = page.evaluate(PAGE_STATE)
    SHOTS.mkdir(exist_ok=True)
    for w, h in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=str(SHOTS / f"{name}-{w}x{h}.png"))
    seen = {
        **state,
        "ran": ran_scripts(page, dialogs),
        "remote": remote,
        "csp": (response.headers.get("content-security-policy") if response else None),
        "violations": violations,
        "page": page,
        "context": context,
    }
    return seen


@pytest.fixture(scope="module")
def hostile_page(course: dict, browser) -> Iterator[dict]:
    seen = open_submission(browser, course["server"], "hostile", "formgrader-hostile")
    yield seen
    seen["context"].close()


def test_no_learner_script_runs_in_formgrader(hostile_page: dict) -> None:
    assert hostile_page["ran"] == []


def test_formgrader_requests_nothing_off_the_machine(hostile_page: dict) -> None:
    assert hostile_page["remote"] == []


def test_the_grade_boxes_are_visible_and_on_top(hostile_page: dict) -> None:
    boxes = hostile_page["boxes"]
    assert "r1-answer" in [b["id"] for b in boxes]  # the reflection's, beside the questions'
    assert all(b["shown"] and b["onTop"] for b in boxes), boxes


def test_nothing_the_learner_wrote_restyles_frames_or_posts(hostile_page: dict) -> None:
    assert hostile_page["styles"] == 0 and hostile_page["styled"] == 0
    assert hostile_page["frames"] == 0 and hostile_page["forms"] == 0
    learner_links = [h for h in hostile_page["links"] if not h.startswith("#")]  # headings' anchors
    assert learner_links and all(h.startswith(("https://", "mailto:")) for h in learner_links)
    # The attached PNG is shown; the SVG and the HTML attachment are not drawn.
    assert hostile_page["images"] == ["data:image/png;base64,"] * 1


def test_the_learners_words_and_their_html_are_readable_as_text(hostile_page: dict) -> None:
    text = hostile_page["text"]
    assert text.count(WORDS) >= len(MARKDOWN)
    for typed in ('<img src="x" onerror=', "<script>", "<style>", "<iframe srcdoc=", "<form "):
        assert typed in text, typed
    assert "[attached image not shown: evil.svg]" in text
    assert "https://evil.example/pixel.png" not in hostile_page["images"]


def test_honest_formatting_survives(course: dict, browser) -> None:
    seen = open_submission(browser, course["server"], "honest", "formgrader-honest")
    page = seen["page"]
    answer = page.locator(".nbgrader_cell", has_text="shared the forecast")
    assert answer.locator("strong", has_text="Trust").count() == 1
    assert answer.locator("li").all_inner_texts() == [
        "shared the forecast",
        "named the hardest problem first",
    ]
    assert seen["ran"] == [] and seen["remote"] == [] and seen["violations"] == []
    seen["context"].close()


def test_formgrader_still_works_under_its_policy(course: dict, browser) -> None:
    """The policy lets nbgrader's own scripts run: a score typed in the page is saved."""
    seen = open_submission(browser, course["server"], "honest", "formgrader-score")
    assert (
        seen["csp"]
        and "script-src" in seen["csp"]
        and "'unsafe-inline'" not in (seen["csp"].split("script-src")[1].split(";")[0])
    )
    page = seen["page"]
    page.fill("input.score#r1-answer", "2")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)
    with Gradebook(f"sqlite:///{course['course'] / 'gradebook.db'}") as gb:
        assert gb.find_grade("r1-answer", MODULE, MODULE, "honest").manual_score == 2
    assert seen["violations"] == [], seen["violations"]
    seen["context"].close()


def test_an_unsanitised_notebook_still_runs_no_script(course: dict, browser) -> None:
    """Defence in depth: the page's Content-Security-Policy refuses what slipped through."""
    seen = open_submission(browser, course["server"], "unsanitised", "formgrader-unsanitised")
    assert seen["ran"] == []
    assert seen["remote"] == []
    assert seen["violations"], "the browser refused nothing: was the policy sent?"
    seen["context"].close()


def test_feedback_pages_run_nothing_and_load_nothing(course: dict, browser) -> None:
    folder = course["course"] / "feedback"
    pages = sorted(folder.rglob("*.html"))
    assert {p.parts[-3] for p in pages} >= {"hostile", "honest"}
    for path in pages:
        student = path.parts[-3]
        text = path.read_text()
        assert "cdnjs" not in text and "<script src=" not in text
        if student == "unsanitised":
            continue  # made from the bypassed notebook: its safety rests on the policy below
        remote: list[str] = []
        context = offline_context(browser, remote)
        page = context.new_page()
        dialogs = watch(page)
        page.goto(path.as_uri())
        page.wait_for_timeout(500)
        assert ran_scripts(page, dialogs) == [], student
        assert [u for u in remote if not u.startswith("file:")] == [], student
        if student == "hostile":
            assert WORDS in page.inner_text("body")
        context.close()


def test_feedback_served_by_the_instructors_server_may_run_no_script(course: dict) -> None:
    server = course["server"]
    url = f"{server.url}/files/feedback/unsanitised/{MODULE}/{MODULE}.html?token={LAB_TOKEN}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        policy = resp.headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "sandbox" in policy


def test_the_autograded_notebook_keeps_no_learner_html(course: dict) -> None:
    """What formgrader, feedback and any export read: clean HTML only, the originals kept
    untouched in submitted/."""
    graded = json.loads((course["course"] / "autograded" / "hostile" / MODULE / NB).read_text())
    assert set(graded["metadata"]) <= {"kernelspec", "language_info"}
    for cell in graded["cells"]:
        assert cell["cell_type"] in {"markdown", "code"}
        assert "transient" not in cell["metadata"] and "attachments" not in cell
        assert all(" " not in t and '"' not in t for t in cell["metadata"].get("tags", []))
    submitted = (course["course"] / "submitted" / "hostile" / MODULE / NB).read_text()
    assert "onerror" in submitted  # the hand-in itself is never changed
    shutil.rmtree(course["course"] / "autograded" / "nobody", ignore_errors=True)


FORMGRADER_PAGES = (
    "/formgrader/manage_assignments",
    f"/formgrader/manage_submissions/{MODULE}",
    "/formgrader/gradebook",
    f"/formgrader/gradebook/{MODULE}",
    f"/formgrader/gradebook/{MODULE}/{MODULE}",
    "/formgrader/manage_students",
    "/formgrader/manage_students/honest",
    f"/formgrader/manage_students/honest/{MODULE}",
)


@pytest.mark.parametrize("path", FORMGRADER_PAGES)
def test_every_formgrader_page_works_under_its_policy(course: dict, browser, path: str) -> None:
    """The instructor's other formgrader pages load their tables with the policy on: the
    browser refuses none of nbgrader's own scripts, and nothing leaves the machine."""
    server = course["server"]
    remote: list[str] = []
    violations: list[str] = []
    context = offline_context(browser, remote, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))
    page.goto(f"{server.url}/formgrader?token={LAB_TOKEN}")
    response = page.goto(f"{server.url}{path}")
    assert response is not None and response.status == 200
    assert "script-src" in (response.headers.get("content-security-policy") or "")
    # nbgrader's scripts replace the "Loading" row with rows from its API, if they run.
    page.wait_for_function(
        """() => {
          const rows = [...document.querySelectorAll('#main-table tr')];
          return rows.length > 0 && !rows.some(r => r.innerText.includes('Loading, please wait'));
        }""",
        timeout=30_000,
    )
    page.wait_for_load_state("networkidle")
    table = page.inner_text("#main-table")
    assert any(word in table for word in (MODULE, "honest", "Submission #")), table
    assert violations == [] and remote == []
    context.close()
