"""pipeline.po.msgfmt and .formats: msgfmt --check-format's verdicts, msgfmt as the oracle.

Generated msgid/msgstr pairs of format strings go, many to a file, through the real
``msgfmt --check-format``; the entries it faults must be exactly those we fault. The
plural-expression parser and the newline checks of pipeline.po.msgfmt are tested unit by
unit, their verdicts against msgfmt's.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CatalogError
from pipeline.po import msgfmt
from pipeline.po.formats import format_problem
from tests.po.gnu import msgfmt_verdict

from ..conftest import TESTS, fixture_cases

# ---------------------------------------------------------------- generated format strings

_SIZES = ["", "", "", "hh", "h", "l", "ll", "L", "q", "j", "z", "Z", "t", "w8"]
_CONVERSIONS = list("diouxXeEfFgGaAcsCSpnm%@b") + ["", "y"]
_MACRO = st.builds(
    lambda letter, size: f"<PRI{letter}{size}>",
    st.sampled_from(list("diouxXc")),
    st.sampled_from(["MAX", "PTR", "8", "16", "32", "64", "LEAST8", "FAST32", "LEAST", "128"]),
)
_NUMBER = st.sampled_from(["", "", "", "1$", "2$", "3$", "0$"])


@st.composite
def _c_directive(draw: st.DrawFn) -> str:
    star = st.sampled_from(["*", "*1$", "*2$", "*0$"])
    width = draw(st.sampled_from(["", "", "5", "10"]) | star)
    precision = draw(st.sampled_from(["", "", ".", ".3"]) | star.map(lambda s: "." + s))
    flags = "".join(draw(st.lists(st.sampled_from(list("-+ #0'I")), max_size=2)))
    if draw(st.integers(0, 5)) == 0:
        tail = draw(_MACRO)
    else:
        tail = draw(st.sampled_from(_SIZES)) + draw(st.sampled_from(_CONVERSIONS))
    return "%" + draw(_NUMBER) + flags + width + precision + tail


_C_TEXT = st.lists(
    _c_directive() | st.sampled_from(["x", " ", "abc", "%%", "100%", "<", ">"]), max_size=4
).map("".join)


@st.composite
def _c_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A msgid and a msgstr: often the msgstr is made of the msgid's directives."""
    msgid = draw(_C_TEXT.filter(bool))  # msgfmt checks no entry with msgid ""
    if draw(st.booleans()):
        return msgid, draw(_C_TEXT)
    pieces = re.findall(r"%[^a-zA-Z%<]*(?:<[^>]*>|[a-zA-Z%]+)?|[^%]+", msgid)
    return msgid, "".join(draw(st.permutations(pieces))) or "x"


_PY_NAME = st.sampled_from(["", "", "(n)", "(naam)", "(a b)", "(x(y))", "("])
_PY_TEXT = st.lists(
    st.builds(
        lambda name, flags, width, conv: "%" + name + flags + width + conv,
        _PY_NAME,
        st.sampled_from(["", "", "-", "0", "#", " "]),
        st.sampled_from(["", "", "5", "*", ".2", ".*", "5.0"]),
        st.sampled_from(list("sdrifgxXcoeEGuaz%") + ["ld", "hs", ""]),
    )
    | st.sampled_from(["x", " ", "tekst", "%%"]),
    max_size=4,
).map("".join)
_BRACE_TEXT = st.lists(
    st.sampled_from(
        ["{}", "{0}", "{1}", "{n}", "{n.x}", "{n[0]}", "{n:>5}", "{n:{w}}", "{{", "}}", "{", "}"]
    )
    | st.sampled_from(["x", " ", "tekst"]),
    max_size=4,
).map("".join)


# ---------------------------------------------------------------- msgfmt, many entries a run


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def msgfmt_faults(tmp: Path, flag: str, pairs: list[tuple[str, str]]) -> set[int]:
    """The indexes of the pairs ``msgfmt --check-format`` faults, as entries flagged ``flag``."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    at: dict[int, int] = {}  # line of an entry's msgstr -> its index
    for index, (msgid, msgstr) in enumerate(pairs):
        lines += [f"#, {flag}", f'msgctxt "{index}"', f"msgid {_po_string(msgid)}"]
        at[len(lines) + 1] = index
        lines += [f"msgstr {_po_string(msgstr)}", ""]
    path = tmp / "formats.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    proc = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    faults = {
        int(m.group(1)) for m in re.finditer(rf"^{re.escape(str(path))}:(\d+): ", proc.stderr, re.M)
    }
    assert faults <= set(at), proc.stderr
    return {at[line] for line in faults}


def our_faults(flag: str, pairs: list[tuple[str, str]]) -> set[int]:
    faults = set()
    for index, (msgid, msgstr) in enumerate(pairs):
        if not msgstr:
            continue  # msgfmt checks translated entries only (as `check_messages` does)
        message = Message(msgid, msgstr)
        message.flags = {flag}
        if format_problem(message, []) is not None:
            faults.add(index)
    return faults


_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(st.lists(_c_pair(), min_size=1, max_size=60))
def test_c_format_verdicts_are_msgfmts(tmp_path: Path, pairs: list[tuple[str, str]]) -> None:
    assert our_faults("c-format", pairs) == msgfmt_faults(tmp_path, "c-format", pairs)


@_SETTINGS
@given(st.lists(st.tuples(_PY_TEXT.filter(bool), _PY_TEXT), min_size=1, max_size=60))
def test_python_format_verdicts_are_msgfmts(tmp_path: Path, pairs: list[tuple[str, str]]) -> None:
    assert our_faults("python-format", pairs) == msgfmt_faults(tmp_path, "python-format", pairs)


@_SETTINGS
@given(st.lists(st.tuples(_BRACE_TEXT.filter(bool), _BRACE_TEXT), min_size=1, max_size=60))
def test_python_brace_format_verdicts_are_msgfmts(
    tmp_path: Path, pairs: list[tuple[str, str]]
) -> None:
    assert our_faults("python-brace-format", pairs) == msgfmt_faults(
        tmp_path, "python-brace-format", pairs
    )


def test_c99_inttypes_directives() -> None:
    """%<PRIuMAX> is the type %ju is; the signedness and size of the macro count."""
    pairs = [
        ("%s: %<PRIuMAX> bytes", "%s: %<PRIuMAX> bytes"),
        ("%<PRIuMAX>", "%ju"),
        ("%1$s %2$<PRIu64>", "%2$<PRIu64> %1$s"),
        ("%<PRIdMAX>", "%<PRIuMAX>"),
        ("%ld", "%<PRId64>"),
        ("%d", "%u"),
    ]
    assert our_faults("c-format", pairs) == {3, 4, 5}


# ---------------------------------------------------------------- plural forms and newlines


def _raise(message: str) -> CatalogError:
    return CatalogError(message)


def _plural_usage(forms: str) -> str:
    """Each form used often or not, or the error refusing the expression, as plural.md shows it."""
    nplurals, expression = re.fullmatch(r"nplurals=(\d+); plural=(.*)\n", forms).groups()  # type: ignore[union-attr]
    try:
        often = msgfmt._check_plural_expression(expression, int(nplurals), _raise)
    except CatalogError as error:
        return f"{error.message}\n"
    return " ".join("yes" if o else "no" for o in often) + "\n"


@pytest.mark.parametrize(
    ("forms", "expected"), fixture_cases(TESTS / "po" / "fixtures" / "plural.md")
)
def test_plural_expressions(forms: str, expected: str) -> None:
    assert _plural_usage(forms) == expected


def _checked(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...]) -> msgfmt.Checked:
    return msgfmt.Checked(Message(msgid, msgstr), msgstr_lineno=9)


_CT = "Content-Type: text/plain; charset=UTF-8\n"


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("a\n", "b\n", None),
        ("\na", "\nb", None),
        ("a\n", "b", "'msgid' and 'msgstr' entries do not both end with '\\n'"),
        ("a", "\nb", "'msgid' and 'msgstr' entries do not both begin with '\\n'"),
        (
            ("a\n", "as\n"),
            ("b\n", "bs"),
            "'msgid' and 'msgstr[1]' entries do not both end with '\\n'",
        ),
        (("a", "\nas"), ("b", "bs"), "'msgid' and 'msgid_plural' entries do not both begin"),
    ],
)
def test_newline_checks(
    msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], problem: str | None
) -> None:
    header = _CT + "Plural-Forms: nplurals=2; plural=(n != 1);\n"
    if problem is None:
        msgfmt.check_messages(header, 2, [_checked(msgid, msgstr)], "t.po")
        return
    with pytest.raises(CatalogError) as info:
        msgfmt.check_messages(header, 2, [_checked(msgid, msgstr)], "t.po")
    assert info.value.message.startswith(problem)
    assert (info.value.filename, info.value.lineno) == ("t.po", 9)


def test_plural_form_problems_are_reported_at_the_header() -> None:
    plural = _checked(("a", "as"), ("b",))
    with pytest.raises(CatalogError, match="nplurals=2, but the message at line") as info:
        msgfmt.check_messages(_CT + "Plural-Forms: nplurals=2; plural=n!=1;\n", 3, [plural], "t")
    assert info.value.lineno == 3
    with pytest.raises(CatalogError, match="invalid nplurals value") as info:
        msgfmt.check_messages(_CT + "Plural-Forms: nplurals=x; plural=0;\n", 3, [plural], "t")
    assert info.value.lineno == 3
    with pytest.raises(CatalogError, match='lacks a "nplurals=INTEGER"') as info:
        msgfmt.check_messages(_CT + "Plural-Forms: plural=0;\n", 3, [plural], "t")
    assert info.value.lineno == 9  # no Plural-Forms to point at: the message's msgstr


@pytest.mark.parametrize(
    ("plural_forms", "forms", "valid"),
    [
        ("nplurals=2; plural=(n != 1);", 2, True),
        ("nplurals=2; plural=(n != 1);", 1, False),
        ("nplurals=1; plural=n;", 1, False),
        ("nplurals=2; plural=n %;", 2, False),
        ("nplurals=3; plural=n%3 ? n%3-1 : 2;", 3, True),
    ],
)
def test_plural_verdicts_and_lines_are_msgfmts(
    tmp_path: Path, plural_forms: str, forms: int, valid: bool
) -> None:
    strings = tuple(f"b{i}" for i in range(forms))
    path = tmp_path / "plural.po"
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n\n'
        'msgid "a"\nmsgid_plural "as"\n'
        + "".join(f'msgstr[{i}] "{s}"\n' for i, s in enumerate(strings)),
        encoding="utf-8",
    )
    accepted, line, stderr = msgfmt_verdict(path)
    assert accepted is valid, stderr
    header = _CT + f"Plural-Forms: {plural_forms}\n"
    plural = msgfmt.Checked(Message(("a", "as"), strings), msgstr_lineno=8)
    if accepted:
        msgfmt.check_messages(header, 2, [plural], str(path))
        return
    with pytest.raises(CatalogError) as info:
        msgfmt.check_messages(header, 2, [plural], str(path))
    assert info.value.lineno == line, stderr
