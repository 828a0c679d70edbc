"""The check across catalogs: one English term for each glossary term in every catalog.

A glossary row may allow English alternatives (``moeheid,fatigue | tiredness``); the
per-entry glossary check accepts any of them. Across the catalogs checked together (the
article catalogs, the newsletters', the templates'), the reviewed entries should still
say it one way: the alternative most entries use wins, on a tie the one the row lists
first, and every entry that uses another is reported. A Dutch term without a glossary
row is not compared: give it a row with its one English term, and the glossary check
reports every entry that says it otherwise.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from pipeline.checks.report import WARNING, CheckReport, Finding, TermUse

__all__ = ["CHECK", "FLAG", "inconsistent_terms"]

#: The check's name in findings.
CHECK = "inconsistent-term"
#: The flag that silences it on one entry (the entry then neither votes nor is reported).
FLAG = "ignore-inconsistent-term"


def inconsistent_terms(
    reports: list[CheckReport], *, errors_only: bool = False
) -> list[CheckReport]:
    """``reports`` with a warning at each entry that renders a glossary term with another
    English alternative than the entries of all ``reports`` mostly do.

    The new findings join their catalog's in line order. ``errors_only``: none (they
    are warnings), ``reports`` as they are.
    """
    if errors_only:
        return reports
    by_term: dict[int, list[tuple[int, TermUse]]] = defaultdict(list)
    for index, report in enumerate(reports):
        for use in report.terms:
            by_term[use.term].append((index, use))
    added: dict[int, list[Finding]] = defaultdict(list)
    silenced: Counter[int] = Counter()
    for _, uses in sorted(by_term.items()):
        votes = Counter(use.target for _, use in uses if not use.silenced)
        if len({use.target for _, use in uses}) < 2 or not votes:
            continue
        rank = {use.target: use.rank for _, use in uses}
        preferred = max(votes, key=lambda target: (votes[target], -rank[target]))
        example = next(u for _, u in uses if u.target == preferred and not u.silenced)
        for index, use in uses:
            if use.target == preferred:
                continue
            if use.silenced:
                silenced[index] += 1
                continue
            added[index].append(_finding(use, preferred, votes[preferred], example))
    if not added and not silenced:
        return reports
    return [
        replace(
            report,
            findings=sorted(report.findings + added[index], key=lambda f: f.line),
            silenced=report.silenced + silenced[index],
        )
        for index, report in enumerate(reports)
    ]


def _finding(use: TermUse, preferred: str, count: int, example: TermUse) -> Finding:
    entries = "entry" if count == 1 else "entries"
    return Finding(
        path=use.path,
        line=use.line,
        check=CHECK,
        severity=WARNING,
        message=(
            f"{use.source!r} is {use.target!r} here but {preferred!r} in {count} other "
            f"{entries} ({example.path}:{example.line}): one English term per glossary "
            f"term (glossary line {use.term})"
        ),
        msgid=use.msgid,
    )
