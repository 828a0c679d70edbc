"""Dutch–English bilingual content pipeline: sources → segments → catalogs → handouts."""
