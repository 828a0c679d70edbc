"""The PO format alone: one reader (strict and fast), GNU-exact writing, msgfmt's checks."""

from pipeline.po.file import MAX_PO_BYTES, generate_po, parse_po, read_po, write_po

__all__ = ["MAX_PO_BYTES", "generate_po", "parse_po", "read_po", "write_po"]
