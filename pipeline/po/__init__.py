"""The PO format alone: reading as msgfmt does, writing as msgcat does, msgfmt's checks."""

from __future__ import annotations

from pipeline.po.read import MAX_PO_BYTES, parse_po, read_po
from pipeline.po.write import generate_po, write_po

__all__ = ["MAX_PO_BYTES", "generate_po", "parse_po", "read_po", "write_po"]
