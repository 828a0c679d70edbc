"""The pipeline's one error type, carrying the file and line it is about."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """An error about the pipeline's input, printed as ``file:line: message``.

    Library code raises it; only the CLI turns it into an exit code.
    """

    def __init__(
        self,
        message: str,
        *,
        filename: str | Path | None = None,
        lineno: int | None = None,
    ) -> None:
        super().__init__(message)
        #: What went wrong, in one line.
        self.message = message
        #: The file the error is about, as the user named it (or ``None``).
        self.filename = str(filename) if filename is not None else None
        #: The 1-based line in that file (or ``None``).
        self.lineno = lineno

    def __str__(self) -> str:
        where = ""
        if self.filename is not None:
            where = self.filename
            if self.lineno is not None:
                where += f":{self.lineno}"
            where += ": "
        return where + self.message


class CatalogError(PipelineError):
    """A PO or POT file that cannot be read, or could not be written."""


class SourceError(PipelineError):
    """A Dutch source document (Markdown or scraped text) that is malformed."""


class ReleaseError(PipelineError):
    """A release build met untranslated or unreviewed segments.

    ``problems`` holds one ``file:line: …`` line per offending segment.
    """

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        #: One line per untranslated or fuzzy segment, ``file:line: text``.
        self.problems = problems
