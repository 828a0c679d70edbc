# The two commands a new user needs: `make en` (or `make nl`) and `make test`.
# The first run creates .venv and installs the project into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIPELINE := $(PY) -m pipeline

.PHONY: nl en all pdf newsletter update extract check stats review serve test lint clean bench

nl: $(STAMP)
	$(PIPELINE) build --lang nl

# The English build publishes every article that is ready (a check error in a reviewed entry
# holds its article back, as anything unreviewed does) and names the rest; STRICT=1: all or
# nothing, any of it an error.
en: $(STAMP)
	$(PIPELINE) build --lang en $(if $(STRICT),--strict)

check: $(STAMP)
	$(PIPELINE) check --lang en

stats: $(STAMP)
	$(PIPELINE) stats --lang en

review: $(STAMP)
	$(PIPELINE) review --lang en

# The translator's live workbench at http://127.0.0.1:8000/ (Ctrl-C stops it).
serve: $(STAMP)
	$(PIPELINE) serve

# update, build nl, build en (one process), then PDFs and e-mail.
all: $(STAMP)
	$(PIPELINE) all
	$(PIPELINE) pdf --lang nl
	$(PIPELINE) pdf --lang en
	$(PIPELINE) newsletter --lang nl
	$(PIPELINE) newsletter --lang en

# Print-ready A4 PDFs of every handout, both languages (after building them).
pdf: nl en
	$(PIPELINE) pdf --lang nl
	$(PIPELINE) pdf --lang en

# Every newsletter issue as e-mail (.html, .txt, .eml), both languages.
newsletter: $(STAMP)
	$(PIPELINE) newsletter --lang nl
	$(PIPELINE) newsletter --lang en

update: $(STAMP)
	$(PIPELINE) update --lang en

extract: $(STAMP)
	$(PIPELINE) extract

# First what the tests need besides Python (gettext, Chromium, pdftotext), installed if missing.
test: $(STAMP) lint
	bash tests/setup-tools
	$(PY) -m pytest -q

# The house's checks: ruff (lint and format) and mypy, on the project's configuration.
lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests bench
	$(VENV)/bin/ruff format --check pipeline tests bench
	$(VENV)/bin/mypy pipeline

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf build

# The benchmark of bench/RESULTS.md: python -m bench.run --help for sizes and runs.
bench: $(STAMP)
	$(PY) -m bench.run
