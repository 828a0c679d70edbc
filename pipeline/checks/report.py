"""What the quality checks report: findings per catalog, and the JSON document of them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

__all__ = ["ERROR", "WARNING", "CheckReport", "Finding", "TermUse", "report_json"]

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with one catalog entry."""

    #: The catalog as users see it, e.g. ``content/en/<slug>.po``.
    path: str
    #: The entry's line (the 1-based line of its ``msgid``).
    line: int
    #: The check's name, e.g. ``numbers``.
    check: str
    #: ``"error"`` or ``"warning"``.
    severity: str
    #: One line, in plain words, naming what differs.
    message: str
    #: The entry's msgid (the singular, for plural entries).
    msgid: str

    @property
    def text(self) -> str:
        """The finding without its place, as the review sheet and the panel list it."""
        return f"{self.severity}: {self.check}: {self.message}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


@dataclass(frozen=True, slots=True)
class TermUse:
    """How one reviewed entry renders a glossary term that has English alternatives."""

    #: The glossary row's line: which term.
    term: int
    #: The Dutch as the source has it.
    source: str
    #: The English alternative the translation uses.
    target: str
    #: Its place among the row's alternatives (0, the first, wins a tie).
    rank: int
    #: The catalog as users see it.
    path: str
    #: The entry's line.
    line: int
    #: The entry's msgid.
    msgid: str
    #: Whether the entry's ``ignore-inconsistent-term`` flag silences the check on it.
    silenced: bool


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What the checks found in one catalog."""

    #: The findings, in catalog order (and check order within an entry).
    findings: list[Finding]
    #: How many findings a flag in the PO file silenced.
    silenced: int
    #: The glossary terms with alternatives its reviewed entries use, for the check across
    #: catalogs (`pipeline.checks.consistency`).
    terms: tuple[TermUse, ...] = ()


def report_json(reports: list[CheckReport]) -> str:
    """A stable JSON document of ``reports`` for machines: findings, counts, silenced."""
    findings = [asdict(f) for report in reports for f in report.findings]
    counts = {ERROR: 0, WARNING: 0}
    for finding in findings:
        counts[finding["severity"]] += 1
    document = {
        "version": 1,
        "findings": findings,
        "counts": counts,
        "silenced": sum(r.silenced for r in reports),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
