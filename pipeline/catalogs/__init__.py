"""Catalogs: segments extracted into templates, merged into translations, the translation memory."""
