# make run  — install, validate the corpus, build the index, start the app on http://localhost:8501
# make test — install and run every test (browser tests included)
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501

.PHONY: install run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/lexcompare validate
	-$(BIN)/lexcompare sources fetch --missing --quiet
	@# a checkout next to the project's shared/ source set imports its official texts too (offline)
	-test ! -d ../shared/sources || $(BIN)/lexcompare sources import ../shared/sources > /dev/null
	$(BIN)/lexcompare build
	$(BIN)/lexcompare app --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench --size 1000 --size 10000 --json artifacts/bench.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
