"""What a check is given and gives back: a string pair read once, the context, problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.checks.glossary import Glossary
from pipeline.checks.text import Inline, inline

__all__ = ["Check", "Context", "Pair", "Problem"]


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks know beyond the entry: the catalog's norms and the languages."""

    #: The terminology, or ``None`` to skip the glossary check.
    glossary: Glossary | None
    #: The catalog's median translation/source length ratio.
    norm: float
    #: The source locale (``nl``): its number format, and whether the dutch check applies.
    source_lang: str
    #: The target locale (``en``): its number format.
    target_lang: str


@dataclass(frozen=True, slots=True)
class Check:
    """A check: its name, severity, silencing flags and function."""

    #: The name findings carry.
    name: str
    #: ``"error"`` or ``"warning"``.
    severity: str
    #: Flags that silence every problem of this check.
    flags: tuple[str, ...]
    #: ``(pair, context) -> problems``.
    function: Callable[[Pair, Context], list[Problem]]


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check function reports: the message and flags that silence just this."""

    #: One line, in plain words.
    message: str
    #: Weblate flags that silence this problem beyond the check's own flags.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pair:
    """A source string and its translation, each with its inline Markdown read once."""

    #: The msgid (or msgid_plural).
    source: str
    #: The msgstr (or one plural form).
    translation: str
    #: Whether the strings are format strings (templates, ``python-format``).
    formatted: bool
    #: The source's prose, marks and addresses.
    source_inline: Inline
    #: The translation's prose, marks and addresses.
    translation_inline: Inline

    @classmethod
    def of(cls, source: str, translation: str, *, formatted: bool) -> Pair:
        return cls(source, translation, formatted, inline(source), inline(translation))

    @property
    def source_prose(self) -> str:
        """The source's text outside markup, code, URLs and placeholders."""
        return self.source_inline.prose

    @property
    def translation_prose(self) -> str:
        """The translation's text outside markup, code, URLs and placeholders."""
        return self.translation_inline.prose
