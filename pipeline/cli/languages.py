"""The ``--lang`` options: a language of the project in ``-C``, checked when the command runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError
from pipeline.project import Languages, read_languages

__all__ = ["LANG_CHOICE", "TARGET_CHOICE", "Language", "target_lang"]


class Language(click.ParamType):
    """A language of the project in ``-C`` (``[languages]`` of its ``pipeline.toml``), as
    ``click.Choice`` checks a fixed list: the choices are known once the group has run."""

    name = "language"

    def __init__(self, *, targets_only: bool) -> None:
        self.targets_only = targets_only

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        allowed = _allowed(ctx, targets_only=self.targets_only)
        if allowed is not None and value not in allowed:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, allowed))}.", param, ctx)
        return value


def _languages(ctx: click.Context | None) -> Languages | None:
    """The languages of the project the command works on (``None``: it cannot be read here,
    and the command reports why)."""
    root = ctx.find_root().obj.get("root") if ctx is not None and ctx.find_root().obj else None
    try:
        return read_languages(Path(root if root is not None else ".").resolve())
    except PipelineError:
        return None


def _allowed(ctx: click.Context | None, *, targets_only: bool) -> tuple[str, ...] | None:
    languages = _languages(ctx)
    if languages is None:
        return None
    return languages.targets if targets_only else languages.all


def _first_target() -> str:
    languages = _languages(click.get_current_context(silent=True))
    return (languages or Languages()).targets[0]


#: Every language a handout is built in, and the languages translated into (the project's).
LANG_CHOICE = Language(targets_only=False)
TARGET_CHOICE = Language(targets_only=True)


def target_lang(help_text: str) -> Callable[[Any], Any]:
    """The ``--lang`` option of the commands that work on translations (by default the
    project's first target language)."""
    return click.option(
        "--lang",
        type=TARGET_CHOICE,
        default=_first_target,
        show_default="first target",
        help=help_text,
    )
