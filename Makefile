# The two commands a new user needs: `make en` (or `make nl`, or any language of pipeline.toml)
# and `make test`. The first run creates .venv and installs the project into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIPELINE := $(PY) -m pipeline

# The project's languages, from [languages] of pipeline.toml (`pipeline languages`): make
# writes this file first (installing .venv if need be), then reads it, so that `make de`
# works as soon as pipeline.toml names de. SOURCE: the articles' language; TARGETS: the rest.
LANGUAGES_MK := $(VENV)/languages.mk
-include $(LANGUAGES_MK)
LANGUAGES ?= nl en
SOURCE := $(firstword $(LANGUAGES))
TARGETS := $(wordlist 2,$(words $(LANGUAGES)),$(LANGUAGES))

$(LANGUAGES_MK): $(STAMP) $(wildcard pipeline.toml)
	echo "LANGUAGES := $$($(PIPELINE) languages)" > $@.tmp
	mv $@.tmp $@

.PHONY: $(LANGUAGES) build all pdf newsletter update extract check stats review serve test lint \
	clean bench

# `make nl`, `make en`, `make de`, …: the handouts of one language. A translation's build
# publishes every article that is ready (a check error in a reviewed entry holds its article
# back, as anything unreviewed does) and names the rest; STRICT=1: all or nothing, any of it
# an error.
$(LANGUAGES): $(STAMP)
	$(PIPELINE) build --lang $@ $(if $(STRICT),--strict)

# `make build LANG=de`: the same for the language given on the command line (the
# environment's LANG is the locale, not a language of the project).
build: $(STAMP)
	$(if $(filter command line,$(origin LANG)),,$(error usage: make build LANG=<language>, one of: $(LANGUAGES)))
	$(PIPELINE) build --lang $(LANG) $(if $(STRICT),--strict)

# The QA findings, the counts and the review sheets of every target language.
check: $(STAMP)
	$(foreach lang,$(TARGETS),$(PIPELINE) check --lang $(lang) &&) true

stats: $(STAMP)
	$(foreach lang,$(TARGETS),$(PIPELINE) stats --lang $(lang) &&) true

review: $(STAMP)
	$(foreach lang,$(TARGETS),$(PIPELINE) review --lang $(lang) &&) true

# The translator's live workbench at http://127.0.0.1:8000/ (Ctrl-C stops it).
serve: $(STAMP)
	$(PIPELINE) serve

# update, build every language (one process), then PDFs and e-mail.
all: $(STAMP)
	$(PIPELINE) all
	$(foreach lang,$(LANGUAGES),$(PIPELINE) pdf --lang $(lang) &&) true
	$(foreach lang,$(LANGUAGES),$(PIPELINE) newsletter --lang $(lang) &&) true

# Print-ready A4 PDFs of every handout, every language (after building them).
pdf: $(LANGUAGES)
	$(foreach lang,$(LANGUAGES),$(PIPELINE) pdf --lang $(lang) &&) true

# Every newsletter issue as e-mail (.html, .txt, .eml), every language.
newsletter: $(STAMP)
	$(foreach lang,$(LANGUAGES),$(PIPELINE) newsletter --lang $(lang) &&) true

update: $(STAMP)
	$(foreach lang,$(TARGETS),$(PIPELINE) update --lang $(lang) &&) true

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

# The benchmark of bench/RESULTS.md: python -m bench.run --help for sizes and runs, and for
# --before REV (the same commands with the code of REV too, alternating; a table of changes).
bench: $(STAMP)
	$(PY) -m bench.run
