"""The word cloud's prompts (``prompts.yaml`` beside this file): one short question per
module, leading into its reflection. Checked on load; an error names file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from ..content import Content
from ..content.fields import Id, Model, Text
from ..content.yamlsource import ContentError, read_yaml

PROMPTS = Path(__file__).with_name("prompts.yaml")


class Prompt(Model):
    id: Id
    module: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}-[a-z0-9-]+$")]
    text: Annotated[Text, StringConstraints(max_length=200)]


class Prompts(Model):
    prompts: list[Prompt] = Field(min_length=1)


def cloud_prompts(content: Content, path: Path = PROMPTS) -> list[Prompt]:
    """The word-cloud prompts, checked: an error names the file, line and field."""
    doc = read_yaml(path, label=path.name)
    prompts = doc.validate(Prompts).prompts
    problems = [
        doc.problem(("prompts", n, "module"), f"no module called {p.module!r}")
        for n, p in enumerate(prompts)
        if p.module not in content.modules
    ]
    ids = [p.id for p in prompts]
    problems += [
        doc.problem(("prompts", n, "id"), f"{p.id!r} repeats an earlier prompt's id")
        for n, p in enumerate(prompts)
        if p.id in ids[:n]
    ]
    if problems:
        raise ContentError(problems)
    return prompts
