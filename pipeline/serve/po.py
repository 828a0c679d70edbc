"""The PO reader and writer the workbench uses, imported here once.

``pipeline.po`` is being reshaped; when it exports these names itself, this is the one
line to change.
"""

from __future__ import annotations

from pipeline.po import generate_po, parse_po

__all__ = ["generate_po", "parse_po"]
