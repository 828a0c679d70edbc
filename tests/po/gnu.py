"""GNU gettext 0.21 as the oracle: msgfmt's verdicts, msgunfmt's contents, msgcat's text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog

CORPUS = Path(__file__).parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.po"))

# Files msgfmt accepts (at most with a warning) that we refuse on purpose, and why.
STRICTER = {
    "strict_unknown_charset.po": "msgfmt only warns; we cannot decode an unknown charset",
    "strict_nul_in_string.po": "msgfmt silently truncates the string at NUL",
    "strict_escape_not_utf8.po": "escapes yield bytes that are not UTF-8; msgfmt copies them",
    "strict_comment_not_utf8.po": "msgfmt does not check comments; we decode them",
    "strict_domain.po": "domain directives split a file into catalogs; we keep one",
}


def msgfmt_verdict(path: Path) -> tuple[bool, int | None, str]:
    """Run msgfmt as the pipeline's check does; return (accepted, first error line, stderr).

    We follow ``msgfmt --check-format --check-header``, the strict verdict: the
    pipeline runs ``msgfmt --check``-style checks, and plain ``msgfmt`` accepts e.g.
    files without a header.  (``--check-domain`` only warns, so it is left out.)
    """
    proc = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    first: int | None = None
    for line in stderr.splitlines():
        m = re.match(re.escape(str(path)) + r":(\d+):", line)
        if m and "warning:" not in line:
            first = int(m.group(1))
            break
    return proc.returncode == 0, first, stderr


def declared_charset(data: bytes) -> str | None:
    m = re.search(rb"charset=([^ \t\\\"]+)", data)
    return m.group(1).decode().upper() if m else None


def compiled_messages(path: Path, tmp_path: Path, use_fuzzy: bool) -> set[tuple[object, ...]]:
    """What msgfmt puts in the .mo, read back with msgunfmt (header left out)."""
    mo = tmp_path / "out.mo"
    args = ["msgfmt", "-o", str(mo), str(path)] + (["--use-fuzzy"] if use_fuzzy else [])
    subprocess.run(args, check=True, capture_output=True)
    text = subprocess.run(["msgunfmt", str(mo)], check=True, capture_output=True).stdout
    return _read_msgunfmt(text.decode(declared_charset(text) or "utf-8"))


_GNU_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    '"': '"',
    "\\": "\\",
}


def _read_msgunfmt(text: str) -> set[tuple[object, ...]]:
    """A minimal reader for msgunfmt's regular output (independent of the code under test)."""
    out: set[tuple[object, ...]] = set()
    for block in text.strip("\n").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.split("\n"):  # not splitlines: U+2028 and kin are text
            if not line or line.startswith("#"):
                continue  # "#, c-format": msgunfmt names the format of ISO C 99 directives
            m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key, value = m.group(1), m.group(2)
                fields[key] = ""
            else:
                value = line[1:-1]
            fields[key] += re.sub(r"\\(.)", lambda e: _GNU_ESCAPES[e.group(1)], value)
        if fields.get("msgid", "") == "" and "msgctxt" not in fields:
            continue  # the header
        if "msgid_plural" in fields:
            strings = tuple(v for k, v in fields.items() if k.startswith("msgstr["))
        else:
            strings = (fields["msgstr"],)
        out.add((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings))
    return out


def our_messages(catalog: Catalog, fuzzy: bool) -> set[tuple[object, ...]]:
    """Our translated messages in the same shape (msgfmt drops untranslated ones)."""
    out: set[tuple[object, ...]] = set()
    for m in catalog._messages.values():
        strings = tuple(m.string) if isinstance(m.id, tuple) else (m.string,)
        if not strings[0] or (m.fuzzy and not fuzzy):
            continue
        ident, plural = (m.id[0], m.id[1]) if isinstance(m.id, tuple) else (m.id, None)
        out.add((m.context, ident, plural, strings))
    return out


def msgcat(path: Path) -> str:
    # --force-po only makes msgcat write a file holding nothing but the header.
    proc = subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")
