"""The PO format alone: one reader (strict and fast), GNU-exact writing, msgfmt's checks."""
