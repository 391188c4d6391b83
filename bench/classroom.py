"""Classroom benchmarks on the trainer's real server (`make bench` runs them).

1. Time from navigation to each app's first usable widget, against a one-button
   ipywidgets page on the same server, in the same run.
2. Kernel memory (USS) per viewer of each app, against that page's kernel.
3. Bounded, loopback-only load tests: 100 simulated phones answer within 3 s, then
   300 within 5 s (each phone reads the question, answers, and sends its answer a
   second time, as a double tap would); how long until the trainer's screen (a real
   Chromium page) counts each answer (95th percentile), and whether every answer is
   stored exactly once.
"""

from __future__ import annotations

import http.cookiejar
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import nbformat
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM_ARGS, start_classroom  # noqa: E402

TOKEN = "bench"
LOADS = ((100, 3.0), (300, 5.0))  # phones, seconds over which they answer
APPS = (
    ("presenter (sorter activity)", "presenter.ipynb?activity=m02-sort-perspective", ".tv-p-text"),
    ("presenter (case criteria)", "presenter.ipynb?case={case}", ".tv-p-text"),
    ("scorecard", "case-scorecard.ipynb", "fieldset.tv-criterion"),
    ("spiral simulator", "spiral-simulator.ipynb", "svg.tv-chart path.tv-line[d]"),
    ("course map", "course-map.ipynb", ".tv-course-overview td"),
    ("statement sorter", "statement-sorter.ipynb", ".tv-card"),
)


def paired(ours: Callable[[], None], base: Callable[[], None], repeat: int) -> tuple[float, float]:
    """Median wall times of ``ours`` and ``base``, called in turns after one warm-up each."""
    ours()
    base()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, samples in ((ours, times[0]), (base, times[1])):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def baseline_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import ipywidgets as w\nw.Button(description='Baseline')")
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def kernel_uss(server_pid: int, kernel_id: str) -> float:
    """Unique memory (bytes) of the kernel process whose connection file names ``kernel_id``."""
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if any(kernel_id in part for part in child.cmdline()):
                return float(child.memory_full_info().uss)
        except psutil.Error:
            continue
    raise RuntimeError(f"no process for kernel {kernel_id}")


def kernel_ids(url: str) -> set[str]:
    with urllib.request.urlopen(f"{url}/api/kernels?token={TOKEN}", timeout=10) as r:
        return {k["id"] for k in json.loads(r.read())}


def run(repeat: int = 5) -> list[tuple[str, float, str, float]]:
    from playwright.sync_api import sync_playwright

    from trustvalue_course.content import course_content

    case = next(iter(course_content().cases))
    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        apps = root / "apps"
        shutil.copytree(REPO / "apps", apps)
        baseline_notebook(apps / "baseline.ipynb")
        server = start_classroom(root, TOKEN)
        url = server.url
        try:
            with sync_playwright() as pw:
                chromium = shutil.which("chromium") or "/usr/bin/chromium"
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

                def visit(path: str, selector: str, memory: list[float]) -> Callable[[], None]:
                    def go() -> None:
                        before = kernel_ids(url)
                        page = browser.new_page()
                        sep = "&" if "?" in path else "?"
                        page.goto(f"{url}/voila/render/{path}{sep}token={TOKEN}", timeout=120_000)
                        page.wait_for_selector(selector, timeout=120_000)
                        new = kernel_ids(url) - before
                        if new:
                            memory.append(kernel_uss(server.proc.pid, new.pop()))
                        page.close(run_before_unload=True)

                    return go

                # Each app is timed in turns with the baseline page (app, page, app,
                # page...), so a burst of load on this shared machine hits both alike.
                for name, path, selector in APPS:
                    mem: list[float] = []
                    base_mem: list[float] = []
                    base_visit = visit("baseline.ipynb", "button:has-text('Baseline')", base_mem)
                    ours, base = paired(
                        visit(path.format(case=case), selector, mem), base_visit, repeat
                    )
                    rows.append(
                        (f"{name}: first usable widget", ours, "one ipywidgets button", base)
                    )
                    rows.append(
                        (
                            f"{name}: kernel memory (USS, MB)",
                            statistics.median(mem) / 1e6,
                            "one ipywidgets button's kernel",
                            statistics.median(base_mem) / 1e6,
                        )
                    )
                rows.extend(load_test(browser, url, phones, window) for phones, window in LOADS)
                browser.close()
        finally:
            server.stop()
    return rows


def load_test(
    browser: object, url: str, phones: int = 100, window: float = 3.0
) -> tuple[str, float, str, float]:
    """``phones`` answer within ``window`` s; p95 of answer -> shown on the trainer's screen."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{url}/voila/render/presenter.ipynb?token={TOKEN}", timeout=120_000)
    page.locator(".tv-p-text").wait_for(timeout=120_000)
    page.get_by_role("button", name="Start live room").click()
    page.locator(".tv-p-code").wait_for(timeout=60_000)
    code = page.locator(".tv-p-code").inner_text()
    page.evaluate(
        """() => { window.__shown = [];
        const el = () => document.querySelector('.tv-p-answers');
        const note = () => { const m = (el() && el().textContent.match(/^(\\d+)/)); if (m) window.__shown.push([Date.now(), +m[1]]); };
        new MutationObserver(note).observe(document.querySelector('.tv-presenter'), {subtree: true, childList: true, characterData: true});
        note(); }"""
    )
    choices = ["fear_me", "trust_we"]
    done: list[float] = []
    posts: list[float] = []
    lock = threading.Lock()

    def phone(delay: float) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        api = f"{url}/trustvalue/live/api/{code}"
        time.sleep(delay)
        opener.open(api, timeout=30).read()
        body = json.dumps({"question": 0, "choice": random.choice(choices)}).encode()
        req = urllib.request.Request(
            api, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        sent = time.perf_counter()
        opener.open(req, timeout=30).read()
        with lock:
            done.append(time.time() * 1000)
            posts.append(time.perf_counter() - sent)
        again = urllib.request.Request(  # a double tap: the same answer again, kept once
            api, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        opener.open(again, timeout=30).read()

    threads = [
        threading.Thread(target=phone, args=(random.uniform(0, window),)) for _ in range(phones)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shown = page.evaluate("window.__shown")
        if shown and shown[-1][1] >= phones:
            break
        time.sleep(0.2)
    shown = page.evaluate("window.__shown")
    done.sort()
    lags = []
    for k, sent in enumerate(done, start=1):
        when = next((t for t, n in shown if n >= k and t >= sent), None)
        lags.append((when - sent) / 1000 if when is not None else float("inf"))
    lags.sort()
    p95 = lags[int(0.95 * len(lags)) - 1]
    with urllib.request.urlopen(
        f"{url}/trustvalue/live/export/{code}.csv?token={TOKEN}", timeout=10
    ) as r:
        lines = r.read().decode().splitlines()[1:]
    page.close()
    stored = len(lines)
    distinct = len({line.split(",")[3] for line in lines})  # one line per phone
    shown_last = shown[-1][1] if shown else 0
    print(
        f"load test: {phones} phones in {window:.0f} s, {len(done)} answered, {stored} answers "
        f"stored ({distinct} phones, {phones - distinct} lost, {stored - distinct} twice), "
        f"screen showed {shown_last}; p95 answer-to-screen {p95:.2f} s (goal <= 1 s); "
        f"an answer's round trip: median {statistics.median(posts):.3f} s, "
        f"p95 {sorted(posts)[int(0.95 * len(posts)) - 1]:.3f} s"
    )
    return (f"{phones} phones: answer to screen, p95", p95, "the 1 s goal", 1.0)


def load_only() -> list[tuple[str, float, str, float]]:
    """The load tests alone, on a fresh trainer's server (`python bench/classroom.py load`)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = start_classroom(Path(tmp), TOKEN)
        try:
            with sync_playwright() as pw:
                chromium = shutil.which("chromium") or "/usr/bin/chromium"
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                rows = [load_test(browser, server.url, n, w) for n, w in LOADS]
                browser.close()
        finally:
            server.stop()
    return rows


def main() -> None:
    rows = load_only() if sys.argv[1:] == ["load"] else run()
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'ours':>9}  {'baseline':>9}  ratio  baseline is")
    for name, ours, base_name, base in rows:
        print(f"{name:<{width}}  {ours:8.3f}   {base:8.3f}   {ours / base:5.2f}  {base_name}")


if __name__ == "__main__":
    main()
