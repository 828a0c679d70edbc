"""Dutch surnames with a particle (de, van der, ter, …) in translated running text.

The glossary names people in rows whose note starts with ``Name``: the English cell is the
full name with the first name, ``Jeroen de Baaij``. Dutch usage, which English texts about
Dutch people follow: the particle stays with the surname, lower case after a first name or
initials (``Jeroen de Baaij``, ``J. H. F. de Baaij``), capitalised without them
(``De Baaij``); the surname alone (``Baaij``) is a different name.

The rule is English usage: it is checked in the languages of :data:`LANGUAGES` alone (a
language whose usage differs has no rule here, and no check).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.checks.glossary import GlossaryTerm

__all__ = ["LANGUAGES", "Name", "names_in", "particle_problems"]

#: The target languages whose usage this rule is: the surname-particle check runs in these.
LANGUAGES = frozenset({"en"})

#: A glossary note that marks its row as a person's name: ``Name``, ``Name: …``, ``name; …``.
_NAME_NOTE = re.compile(r"name\b", re.IGNORECASE)
#: An initial before a name: ``J.``, ``Th.``, ``H.F.`` ends in one.
_INITIAL = r"(?<![\w.])[A-Z][a-z]?\."


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name with a surname particle, as a glossary row gives it."""

    #: The first names before the particle (``Jeroen``).
    given: tuple[str, ...]
    #: The particle as written after a first name, lower case (``de``, ``van der``).
    particle: str
    #: The surname after the particle (``Baaij``).
    surname: str
    #: The glossary row's 1-based line.
    line: int

    @property
    def capitalised(self) -> str:
        """The particle without a first name before it: only its first letter capitalised."""
        return self.particle[:1].upper() + self.particle[1:]


@lru_cache(maxsize=16)
def names_in(terms: tuple[GlossaryTerm, ...]) -> tuple[Name, ...]:
    """The names with a particle among the glossary's name rows (their English cells)."""
    found = []
    for term in terms:
        if _NAME_NOTE.match(term.note):
            found += [n for en in term.target if (n := _parse(en, term.line)) is not None]
    return tuple(found)


def _parse(text: str, line: int) -> Name | None:
    """``Jeroen de Baaij`` → given ``Jeroen``, particle ``de``, surname ``Baaij``.

    A name without first names, particle or surname (``De Baaij``, ``Jeroen Baaij``) gives
    ``None``: there is nothing to hold its particle against.
    """
    words = text.split()
    given = 0
    while given < len(words) and words[given][:1].isupper():
        given += 1
    end = given
    while end < len(words) and words[end][:1].islower():
        end += 1
    if given == 0 or end == given or end == len(words):
        return None
    return Name(tuple(words[:given]), " ".join(words[given:end]), " ".join(words[end:]), line)


def particle_problems(prose: str, names: tuple[Name, ...]) -> list[str]:
    """A sentence for each time ``prose`` writes a name's surname without its particle as
    Dutch usage has it: missing, lower case without a first name, capitalised after one."""
    problems = []
    for name in names:
        if name.surname not in prose:  # most strings: one substring test per name
            continue
        line = f"(glossary line {name.line})"
        for match in _surname(name.surname).finditer(prose):
            before = prose[: match.start()]
            particle = _particle(name.particle).search(before)
            if particle is None:
                full = " ".join((*name.given, name.particle, name.surname))
                problems.append(
                    f"{name.surname!r} without its particle: "
                    f"{name.capitalised + ' ' + name.surname!r}, or {full!r} {line}"
                )
                continue
            written = " ".join(particle.group(1).split())
            if _given(name.given).search(before[: particle.start()]):
                expected, why = name.particle, "after a first name or initials"
            else:
                expected, why = name.capitalised, "without a first name"
            if written != expected:
                problems.append(
                    f"{written + ' ' + name.surname!r} {why}: "
                    f"{expected + ' ' + name.surname!r} {line}"
                )
    return problems


@lru_cache(maxsize=64)
def _surname(surname: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")


@lru_cache(maxsize=64)
def _particle(particle: str) -> re.Pattern[str]:
    """The particle right before the surname, in any case (``de``, ``De``, ``van  der``)."""
    words = r"\s+".join(re.escape(w) for w in particle.split())
    return re.compile(rf"(?<!\w)({words})\s+\Z", re.IGNORECASE)


@lru_cache(maxsize=64)
def _given(given: tuple[str, ...]) -> re.Pattern[str]:
    """A first name of the person, or an initial, right before the particle."""
    first = "|".join(re.escape(g) for g in given)
    return re.compile(rf"(?:(?<!\w)(?:{first})|{_INITIAL})\s+\Z")
