"""The building blocks of the content schema: plain text without HTML, ids, scores, lenses.

Every model of :mod:`.models` and :mod:`.reference_models` is a :class:`Model`:
unknown fields are refused and a loaded file is never changed.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")


def no_html(value: str) -> str:
    """Content is text or Markdown; raw HTML is refused rather than trusted."""
    match = _TAG.search(value)
    if match:
        snippet = value[match.start() : match.start() + 20]
        raise ValueError(f"raw HTML is not allowed in content (found {snippet!r}); use Markdown")
    return value


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(no_html)
]
Score = Annotated[int, Field(ge=0, le=4)]
Lens = Literal["elements", "contrasts"]  # the two ways the rubric looks at an alliance
LensChoice = Literal["elements", "contrasts", "both"]  # the criteria an activity scores
LENSES: tuple[Lens, ...] = ("elements", "contrasts")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
