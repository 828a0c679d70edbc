"""The terminology glossary (source term → a term per target language) and how its terms are
found in text."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.project import Project

__all__ = ["Glossary", "GlossaryTerm", "load_glossary", "project_glossary"]

#: The header of the shipped glossary: the source language, a column per target language
#: (``nl,en,de,note``), the note.
HEADER = ["nl", "en", "note"]
#: A language code in the header.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
#: Separates alternatives inside one cell.
ALTERNATIVES = "|"

# Words, whitespace, an ellipsis (a slot for a few words) or any other single character.
_PIECE = re.compile(r"…|\.\.\.|\w+(?:['’]\w+)*|\s+|.")
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """One concept: the source's ways of saying it and the ways the glossary's target
    language must say it."""

    #: Source (Dutch) alternatives, any of which in a source asks for the target term.
    source: tuple[str, ...]
    #: Target alternatives, one of which the translation must contain.
    target: tuple[str, ...]
    #: Why the row is as it is (free text, not used by the checks).
    note: str
    #: 1-based line of the row in the glossary file.
    line: int


@dataclass(frozen=True, slots=True)
class Glossary:
    """The project's terminology in one target language, in file order."""

    #: The concepts, one per row that has a term in :attr:`lang`.
    terms: tuple[GlossaryTerm, ...]
    #: The target language (its column); it decides how a term's words may inflect.
    lang: str = "en"

    def missing(self, source: str, translation: str) -> list[tuple[str, GlossaryTerm]]:
        """The terms ``source`` uses whose English is absent from ``translation``.

        Each item is the Dutch text as it occurs in ``source`` and its term.
        """
        result: list[tuple[str, GlossaryTerm]] = []
        folded_source = _fold(source)
        folded_translation = None
        for term, dutch, english in _matchers(self.terms, self.lang):
            found = _search(folded_source, source, dutch)
            if found is None:
                continue  # the term is not in the source
            if folded_translation is None:
                folded_translation = _fold(translation)
            if _search(folded_translation, translation, english) is None:
                result.append((found[1].group(), term))
        return result

    def used(self, source: str, translation: str) -> list[tuple[str, GlossaryTerm, int]]:
        """Which English alternative ``translation`` uses for each term of ``source`` that
        has alternatives: the Dutch as found, the term, the alternative's index in the row.

        Terms the translation lacks are left out (`missing` reports them).
        """
        result: list[tuple[str, GlossaryTerm, int]] = []
        folded: tuple[str, str] | None = None
        for term, dutch, english in _matchers(self.terms, self.lang):
            if len(english) < 2:
                continue  # one English term: nothing to choose
            folded = folded or (_fold(source), _fold(translation))
            found = _search(folded[0], source, dutch)
            if found is None:
                continue
            rendered = _search(folded[1], translation, english)
            if rendered is not None:
                result.append((found[1].group(), term, rendered[0]))
        return result


def _search(
    folded: str, text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...]
) -> tuple[int, re.Match[str]] | None:
    """The first of ``patterns`` found in ``text`` (``folded`` by `_fold`): index and match.

    A case-insensitive search tries every position of the text; a match starts where the
    term's first word does, so the search starts where ``find`` sees that word.
    """
    for index, (needed, pattern) in enumerate(patterns):
        start = folded.find(needed)
        if start >= 0 and (found := pattern.search(text, start)):
            return index, found
    return None


def load_glossary(
    path: Path, *, display_name: str | None = None, lang: str | None = None
) -> Glossary:
    """Read a glossary CSV: UTF-8, header ``nl,en,note`` (the source language, one column
    per target language, ``nl,en,de,note``, and the note), one concept per row; the terms
    of ``lang``'s column (``None``: the first target column). A language without a column
    has no terms: no glossary check. With several target columns, a row may leave a
    language's cell empty (no term in that language); every row has a term in one.

    A cell may hold alternatives separated by `` | ``. Matching is case-insensitive.
    A Dutch term also matches inflected and compound forms (``magnesiumtekort`` in
    ``magnesiumtekorten``, ``suppletie`` in ``magnesiumsuppletie``); a target term
    matches as written, and with its language's plural endings where the glossary knows
    them (:data:`PLURALS`: English, ``deficiency`` → ``deficiencies``).
    ``…`` in a term stands for up to three words (``serum … level`` matches
    ``serum magnesium levels``). A row whose note starts with ``Name`` is a person
    (`pipeline.checks.names`). Errors are `PipelineError`\\ s naming file and line.
    """
    name = display_name if display_name is not None else str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PipelineError(f"cannot read the glossary: {exc.strerror}", filename=name) from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise PipelineError("the glossary is not UTF-8", filename=name, lineno=line) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    terms: list[GlossaryTerm] = []
    seen: dict[str, int] = {}
    header = HEADER
    line = 1
    try:
        for row in reader:
            if line == 1:
                header = _header(row, name)
                lang = lang or header[1]
            if line > 1 and any(cell.strip() for cell in row):
                term = _term(row, line, name, header, lang or header[1])
                for nl in term.source:
                    if nl.casefold() in seen:
                        raise PipelineError(
                            f"{nl!r} is already in the glossary on line {seen[nl.casefold()]}",
                            filename=name,
                            lineno=line,
                        )
                    seen[nl.casefold()] = line
                if term.target:
                    terms.append(term)
            line = reader.line_num + 1  # where the next row starts (a cell may span lines)
    except csv.Error as exc:
        raise PipelineError(f"not valid CSV: {exc}", filename=name, lineno=line) from None
    if line == 1:
        raise PipelineError(
            f"the glossary is empty (expected {','.join(HEADER)})", filename=name, lineno=1
        )
    return Glossary(terms=tuple(terms), lang=lang or header[1])


def _header(row: list[str], name: str) -> list[str]:
    """The header's columns: a language, one or more languages, ``note``."""
    cells = [cell.strip() for cell in row]
    languages = cells[:-1]
    if (
        len(cells) < 3
        or cells[-1] != "note"
        or not all(_LANGUAGE.fullmatch(c) for c in languages)
        or len(set(languages)) != len(languages)
    ):
        raise PipelineError(
            f"the first line must be {','.join(HEADER)} (the source language, a column per "
            "target language, note)",
            filename=name,
            lineno=1,
        )
    return cells


def _term(row: list[str], line: int, name: str, header: list[str], lang: str) -> GlossaryTerm:
    if len(row) not in (len(header) - 1, len(header)):
        raise PipelineError(
            f"expected the columns {','.join(header)}, found {len(row)} cells",
            filename=name,
            lineno=line,
        )
    cells: dict[str, tuple[str, ...]] = {}
    for column, cell in zip(header[:-1], row, strict=False):
        if not cell.strip() and column != header[0] and len(header) > 3:
            cells[column] = ()  # no term in this language
            continue
        alternatives = tuple(a.strip() for a in cell.split(ALTERNATIVES))
        if not all(alternatives):
            raise PipelineError(
                f"an empty term in the {column!r} column", filename=name, lineno=line
            )
        cells[column] = alternatives
    if not any(cells.get(column) for column in header[1:-1]):
        raise PipelineError(
            f"an empty term in the {header[1]!r} column", filename=name, lineno=line
        )
    note = row[len(header) - 1].strip() if len(row) == len(header) else ""
    return GlossaryTerm(source=cells[header[0]], target=cells.get(lang, ()), note=note, line=line)


def _english_plural(word: str) -> str:
    """An English word's pattern with its plural: ``deficienc(?:y|ies)``, ``level(?:s|es)?``."""
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:s|es)?"


#: How a target language's words may end beyond the term as written, by language: its
#: plurals. A language without an entry matches its terms as written.
PLURALS = {"en": _english_plural}


def _pattern(term: str, *, dutch: bool, lang: str = "en") -> str:
    parts: list[str] = []
    pieces = _PIECE.findall(term.strip())
    skip_space = False
    for piece in pieces:
        if piece.isspace():
            if not skip_space:
                parts.append(r"\s+")
            skip_space = False
            continue
        skip_space = False
        if piece in ("…", "..."):
            parts.append(r"(?:\S+\s+){0,3}")
            skip_space = True  # the slot already ends in whitespace
        elif piece[0].isalnum() or piece[0] == "_":
            word = _APOSTROPHE.sub("['’]", re.escape(piece))
            plural = PLURALS.get(lang)
            if dutch:
                parts.append(word + r"\w*")  # inflection and compounding: -en, -s, -e, …
            elif plural is not None:
                parts.append(_APOSTROPHE.sub("['’]", plural(piece)))
            else:
                parts.append(word)
        elif piece == "-":
            # Dutch writes NMDA-receptor or NMDA receptor; English hyphens are meant.
            parts.append(r"[-\s]?" if dutch else "-")
        elif piece == "," and dutch:
            parts.append(",?")
        else:
            parts.append(_APOSTROPHE.sub("['’]", re.escape(piece)))
    body = "".join(parts)
    # Dutch compounds put the head last (magnesiumsuppletie), so no boundary before.
    return body if dutch else rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=1024)
def _dutch(term: str) -> re.Pattern[str]:
    return re.compile(_pattern(term, dutch=True), re.IGNORECASE)


@lru_cache(maxsize=1024)
def _target(term: str, lang: str) -> re.Pattern[str]:
    return re.compile(_pattern(term, dutch=False, lang=lang), re.IGNORECASE)


#: A term's patterns, each with the text it cannot match without (see `_needed`).
_Matcher = tuple[
    GlossaryTerm, tuple[tuple[str, re.Pattern[str]], ...], tuple[tuple[str, re.Pattern[str]], ...]
]
#: Per glossary (by identity, kept alive here): its terms' matchers, in file order.
_MATCHERS: dict[tuple[int, str], tuple[tuple[GlossaryTerm, ...], list[_Matcher]]] = {}


def _matchers(terms: tuple[GlossaryTerm, ...], lang: str) -> list[_Matcher]:
    cached = _MATCHERS.get((id(terms), lang))
    if cached is None or cached[0] is not terms:
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        matchers = [
            (
                term,
                tuple((_needed(nl, dutch=True), _dutch(nl)) for nl in term.source),
                tuple((_needed(t, dutch=False, lang=lang), _target(t, lang)) for t in term.target),
            )
            for term in terms
        ]
        cached = _MATCHERS[(id(terms), lang)] = (terms, matchers)
    return cached[1]


def _fold(text: str) -> str:
    """``text`` lowercased character for character, so that a case-insensitive match of a
    term at some index has the term's `_needed` start at the same index of the result.

    ``str.lower`` leaves long s and dotless i alone, which such a match takes for s and i,
    and makes ``İ`` two characters (``tests/checks/test_text.py`` tries all).
    """
    if text.isascii():
        return text.lower()
    return text.replace("İ", "i").lower().replace("ſ", "s").replace("ı", "i")


#: The ASCII letters and digits a term starts with, matched one for one.
_ASCII_START = re.compile(r"[A-Za-z0-9]*")


def _needed(term: str, *, dutch: bool, lang: str = "en") -> str:
    """Lowercase ASCII text every match of ``term``'s pattern contains (``""`` if none is sure).

    The first word of the term, up to an apostrophe or a non-ASCII character, and for an
    English word that ends in consonant + y (``deficiency``: ``deficienc``) without the y.
    """
    pieces = _PIECE.findall(term.strip())
    if not pieces or not (pieces[0][0].isalnum() or pieces[0][0] == "_"):
        return ""
    piece = pieces[0]
    if (
        not dutch
        and lang in PLURALS
        and len(piece) > 2
        and piece.endswith("y")
        and piece[-2] not in "aeiou"
    ):
        piece = piece[:-1]
    return _ASCII_START.match(piece).group().lower()  # type: ignore[union-attr]


#: Per process: the glossary last read, by its file's bytes and the language.
_READ: dict[tuple[bytes | None, str | None], Glossary | None] = {}


def project_glossary(project: Project, lang: str | None = None) -> Glossary | None:
    """``content/glossary.csv`` of ``project`` in ``lang``'s column (``None``: the first
    target column; ``None`` returned: the project has no glossary), read again only when
    its bytes changed."""
    path = project.root / "content" / "glossary.csv"
    try:
        data: bytes | None = path.read_bytes()
    except FileNotFoundError:
        data = None
    key = (data, lang)
    try:  # one lookup, no test first: the workbench's threads share the cache
        return _READ[key]
    except KeyError:
        pass
    found = (
        load_glossary(path, display_name=project.display(path), lang=lang)
        if data is not None
        else None
    )
    if len(_READ) >= 8 or not any(other[0] == data for other in list(_READ)):
        _READ.clear()
    _READ[key] = found
    return found
