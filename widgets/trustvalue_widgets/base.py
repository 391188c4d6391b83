"""What every widget of the course shares: its front-end assets, its saving, its intents.

How to add a widget kind
------------------------
1. Write ``trustvalue_widgets/<kind>.py`` with a subclass of :class:`CourseWidget`:

   - ``kind = "<kind>"`` (the value of ``widget:`` in a module file);
   - ``_answers``: the synced traits that hold the learner's work; they are
     restored from ``saved-answers/<activity>.json`` when the widget opens and
     saved whenever one of them changes;
   - a ``@traitlets.validate`` handler for every answer trait the browser writes,
     returning the cleaned value (never trust what the browser sends);
   - ``_update()``: recompute what the browser shows (feedback, charts) from the
     answers (the base runs it inside ``hold_sync()``, so the browser gets one
     message however many traits change);
   - ``_record()``: the JSON object saved for the activity;
   - ``_intents``: the buttons' meanings, ``{"intent": "method_name"}``; the
     browser only says ``intent(model, "retry")`` (common.js) and Python decides;
   - ``_from_activity(activity, content, store=..., presentation=...)``: build the
     widget for a module's activity (the activity is already resolved).
2. Write ``static/<kind>.js`` (and ``.css``): build the DOM once in ``render``,
   patch it on ``model.on("change", ...)``, import helpers with
   an ``import`` of ``./common.js``; load it with ``_esm = esm("<kind>.js")``.
3. Register the kind in ``trustvalue_course/kinds.py`` (its default title and
   when its saved answers count as done) and name it, with the fields it requires,
   in ``trustvalue_course/content/activity_kinds.py``. The content schema,
   :func:`trustvalue_widgets.activity`, the notebook build and the course map's
   progress then know it.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets as t
from typing_extensions import Self  # typing.Self is Python 3.11+; the course supports 3.10

from trustvalue_course.content import Content, course_content
from trustvalue_course.content.models import Activity
from trustvalue_course.learner_files.saving import PROMPT
from trustvalue_course.learner_files.store import AnswerStore

STATIC = Path(__file__).parent / "static"
_IMPORT = re.compile(r"""^(import\s[^;]*?\sfrom\s+)(["'])\./([\w-]+\.js)\2""", re.M)


def esm(name: str) -> str:
    """A widget's ES module with its ``./*.js`` imports resolved.

    anywidget imports a module given as text from a ``blob:`` URL, against which
    a relative specifier such as ``"./common.js"`` cannot resolve. Each relative
    import is therefore replaced by a ``data:`` URL of the imported file: the
    files stay real ES modules with declared imports and exports, and a page that
    shows several widgets evaluates each shared module once (same URL, same module).
    """
    text = (STATIC / name).read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode(esm(match.group(3)).encode("utf-8")).decode("ascii")
        return f'{match.group(1)}"data:text/javascript;base64,{data}"'

    return _IMPORT.sub(inline, text)


def css(name: str) -> str:
    return (
        (STATIC / "common.css").read_text(encoding="utf-8")
        + "\n"
        + (STATIC / name).read_text(encoding="utf-8")
    )


# The only plumbing traits a browser may write: its intents, and ipywidgets' view count.
BROWSER_WRITES = frozenset({"_intent", "_view_count"})


class CourseWidget(anywidget.AnyWidget):
    """A widget that keeps a learner's work in ``saved-answers/<activity>.json``.

    A problem reading or writing is shown to the learner in ``_notice``; the
    widget itself keeps working.
    """

    kind: ClassVar[str] = ""
    _answers: ClassVar[tuple[str, ...]] = ()
    _intents: ClassVar[dict[str, str]] = {}
    _saved_as: ClassVar[str] = "answers"  # the learner's word for what is saved

    _notice = t.Unicode("").tag(sync=True)
    _presentation = t.Bool(False).tag(sync=True)
    # The browser's intents ({"name": "retry", "n": <a fresh number>}): a synced trait,
    # not a custom message, so it stays in order with the answers sent before it.
    _intent = t.Dict().tag(sync=True)

    def __init__(
        self,
        *,
        activity_id: str | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
        **kwargs: Any,
    ) -> None:
        self._activity_id = activity_id
        self._store = (store or AnswerStore()) if activity_id else None
        saved: dict[str, Any] = {}
        notice = ""
        if self._store is not None and activity_id is not None:
            loaded = self._store.load(activity_id)
            saved, notice = loaded.data, loaded.notice
        super().__init__(_presentation=presentation, _notice=notice, **kwargs)
        with self.hold_sync():
            self._restore(self._saved_answers(saved))
            self._update()
        # Observed only now: restoring is not a change to save. (Not named
        # ``_<trait>_changed``: traitlets would call that itself for a trait "answer".)
        if self._answers:
            self.observe(self._on_answers_change, names=list(self._answers))
        self.observe(self._on_intent, names="_intent")

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """State sent by the browser. Plumbing traits (``_``-named: drawn results, flags,
        the chart's numbers) are the kernel's alone: a forged update of one is dropped.
        The browser writes answers and public controls, and says what it wants with
        ``_intent``."""
        super().set_state(
            {k: v for k, v in sync_data.items() if not k.startswith("_") or k in BROWSER_WRITES}
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The view, with a prompt to run the cell as its plain-text fallback: what a
        saved notebook shows once the kernel that held the widget is gone."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict):
            data["text/plain"] = PROMPT
        return bundle

    # ------------------------------------------------------------------ building

    @classmethod
    def for_activity(
        cls,
        activity: Activity | str,
        *,
        content: Content | None = None,
        store: AnswerStore | None = None,
        presentation: bool = False,
    ) -> Self:
        """The widget of a module activity (given itself, or by its id)."""
        content = content or course_content()
        if isinstance(activity, str):
            _module, activity = content.activity(activity)
        if activity.widget != cls.kind:
            raise ValueError(f"activity {activity.id!r} is a {activity.widget}, not a {cls.kind}")
        return cls._from_activity(
            activity, content, store=store or AnswerStore(), presentation=presentation
        )

    @classmethod
    def _from_activity(
        cls, activity: Activity, content: Content, *, store: AnswerStore, presentation: bool
    ) -> Self:
        raise NotImplementedError

    @property
    def activity_id(self) -> str | None:
        return self._activity_id

    # ------------------------------------------------------------------ subclass hooks

    def _update(self) -> None:
        """Recompute what the browser shows from the answers."""

    def _record(self) -> dict[str, Any]:
        """The JSON object saved for the activity."""
        return {"kind": self.kind, **{name: getattr(self, name) for name in self._answers}}

    def _saved_answers(self, record: dict[str, Any]) -> dict[str, Any]:
        """The answer traits' values inside a saved record."""
        return record

    # ------------------------------------------------------------------ plumbing

    def _restore(self, answers: dict[str, Any]) -> None:
        for name in self._answers:
            if name in answers:
                try:
                    setattr(self, name, answers[name])
                except t.TraitError:
                    pass  # an edited file with a wrong type: keep the default

    def _on_answers_change(self, change: dict[str, Any]) -> None:
        with self.hold_sync():
            self._update()
        self._save()

    def _on_intent(self, change: dict[str, Any]) -> None:
        method = self._intents.get(str(change["new"].get("name")))
        if method is not None:
            with self.hold_sync():
                getattr(self, method)()

    def _save(self) -> None:
        if self._store is None or self._activity_id is None:
            return
        failed = f"Your {self._saved_as} could not be saved"
        try:
            self._store.save(self._activity_id, self._record())
        except OSError as exc:
            self._notice = f"{failed}: {exc.strerror}. Keep this tab open and tell your instructor."
        else:
            if self._notice.startswith(failed):
                self._notice = ""
