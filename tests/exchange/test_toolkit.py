"""pipeline/exchange/toolkit.py: a translate-toolkit store read from a file, errors at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tmx

from pipeline.errors import PipelineError
from pipeline.exchange.toolkit import read_store

TMX = b"""<?xml version="1.0" encoding="utf-8"?>
<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence"
 adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu><tuv xml:lang="nl"><seg>Hallo</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
</body></tmx>
"""


def _read(path: Path) -> tmx.tmxfile:
    return read_store(path, tmx.tmxfile.parsestring, kind="TMX", shown="agency.tmx")


def test_a_store_is_read(tmp_path: Path) -> None:
    path = tmp_path / "agency.tmx"
    path.write_bytes(TMX)
    (unit,) = _read(path).units
    assert (unit.source, unit.target) == ("Hallo", "Hello")


def test_a_file_that_is_not_xml_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "agency.tmx"
    path.write_bytes(b"<tmx>\n<body>\n</tmx>\n")
    with pytest.raises(PipelineError, match="not XML") as caught:
        _read(path)
    assert caught.value.filename == "agency.tmx" and caught.value.lineno == 3


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="cannot read file") as caught:
        _read(tmp_path / "none.tmx")
    assert caught.value.filename == "agency.tmx"


def test_a_store_the_parser_refuses_is_an_error_of_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "agency.tmx"
    path.write_bytes(b"<tmx/>")

    def refuse(data: bytes) -> tmx.tmxfile:
        raise ValueError("no body")

    with pytest.raises(PipelineError, match="not TMX: no body"):
        read_store(path, refuse, kind="TMX", shown="agency.tmx")
