"""Text a learner wrote, made inert before an instructor or another learner sees it.

A reflection, or any Markdown or raw cell a learner adds, reaches nbgrader's
formgrader and the feedback pages as HTML. This module turns it into HTML that
can only *format*: Markdown's own formatting (emphasis, lists, headings, quotes,
tables, code, links to web pages) stays; any HTML the learner typed is shown as
the text they typed, never deleted and never run. Two independent layers:

1. The Markdown is rendered with raw HTML escaped (mistune, ``escape=True``),
   and links and images are decided here: a web link stays a link, a
   ``javascript:`` or other link becomes visible text, a picture from the web
   becomes a link to it (so opening the page requests nothing), an attached
   PNG, JPEG, GIF or WebP is kept, an SVG or any other attachment is named
   instead of shown.
2. The result passes nh3 (the Ammonia sanitiser) with an allow-list of tags
   and attributes: no ``style``, ``class`` or ``id`` (so nothing can restyle
   the grading page or clash with its element ids), no scripts, frames, forms
   or SVG, links only to http, https and mailto.

The cell keeps the clean HTML on one line inside a ``<div>``, a Markdown HTML
block that nbconvert's renderer passes through unchanged; :func:`safe_markdown`
checks that it does, and otherwise stores the learner's words as a code block.
"""

from __future__ import annotations

import html
import re
from typing import Any

import mistune
import nh3
from nbconvert.filters.markdown_mistune import markdown2html_mistune

# What learner text may contain once rendered.
TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code",
        "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
        "a", "img", "div",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}}
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Pictures a browser draws without running anything; SVG is left out (it can hold script).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*", re.ASCII)
WRAPPER = "<div>"
# Cell tags become CSS classes in nbconvert's pages: plain words only.
SAFE_TAG = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
# Cell metadata the grading pages and nbgrader read; the rest is dropped.
CELL_METADATA = ("nbgrader", "tags", "editable", "deletable")
NOTEBOOK_METADATA = ("kernelspec", "language_info")


def _url_ok(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


class _InertRenderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped and links and images decided here."""

    def __init__(self, attachments: dict[str, Any]) -> None:
        super().__init__(escape=True, allow_harmful_protocols=False)
        self.attachments = attachments

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if _url_ok(url):
            return f'<a href="{html.escape(url)}">{text}</a>'
        # Not a web link: the learner's words and the address, as text.
        return f"{text} ({html.escape(url)})" if text != html.escape(url) else text

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = html.escape(text or "image")
        if url.startswith("attachment:"):
            name = url[len("attachment:") :]
            bundle = self.attachments.get(name)
            kind = next((t for t in IMAGE_TYPES if isinstance(bundle, dict) and t in bundle), None)
            if kind is None:
                return f"[attached image not shown: {html.escape(name)}]"
            data = re.sub(r"\s", "", str(bundle[kind]))
            return f'<img src="data:{kind};base64,{html.escape(data)}" alt="{alt}">'
        if _DATA_IMAGE.fullmatch(url.strip()):
            return f'<img src="{html.escape(url.strip())}" alt="{alt}">'
        if _url_ok(url):  # drawn from the web it would be a request; a link is not
            return f'<a href="{html.escape(url)}">[image: {alt}]</a>'
        return f"[image not shown: {alt} ({html.escape(url)})]"

    def block_code(self, code: str, info: str | None = None) -> str:
        return f"<pre><code>{html.escape(code)}</code></pre>\n"  # no language class, no diagram


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _url_ok(value) else None
    if tag == "img" and attribute == "src":
        return value if _DATA_IMAGE.fullmatch(value) else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto", "data"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_MARKDOWN_PLUGINS = ["strikethrough", "table", "url"]


def render(source: str, attachments: dict[str, Any] | None = None) -> str:
    """The learner's Markdown as clean HTML: their formatting kept, their HTML shown as text."""
    markdown = mistune.create_markdown(
        renderer=_InertRenderer(attachments or {}), plugins=_MARKDOWN_PLUGINS
    )
    return _CLEANER.clean(str(markdown(source)))


def _one_block(clean_html: str) -> str:
    """One line inside a div: Markdown passes an HTML block through until a blank line."""
    return WRAPPER + clean_html.strip().replace("\r", "").replace("\n", "&#10;") + "</div>"


def as_code_block(text: str) -> str:
    """The learner's words exactly, as a Markdown code block (shown as typed, never run)."""
    if not text.strip():
        return ""
    return _one_block(f"<pre><code>{html.escape(text)}</code></pre>")


def safe_markdown(source: str, attachments: dict[str, Any] | None = None) -> str:
    """Markdown cell source that renders, in nbconvert and Jupyter, as inert formatted text."""
    if not source.strip():
        return ""
    stored = _one_block(render(source, attachments))
    if not _passes_through(stored):  # never expected; the words stay, as plain text
        stored = as_code_block(source)
    return stored


def _passes_through(stored: str) -> bool:
    """Whether nbconvert's own Markdown renderer (formgrader, feedback) shows ``stored`` as is."""
    return markdown2html_mistune(stored).strip() == stored


def safe_cell_tags(tags: object) -> list[str]:
    """The cell's tags that are plain words (others would become CSS classes in the page)."""
    if not isinstance(tags, list):
        return []
    return [t for t in tags if isinstance(t, str) and SAFE_TAG.fullmatch(t)]


def source_text(source: object) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return str(source or "")
