"""Commands over a whole project: update the catalogs, build handouts, check, stats."""
