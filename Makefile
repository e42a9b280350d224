# make run  — install, validate the corpus, build the index, start the app on http://localhost:8501
# make test — install and run every test (browser tests included)
# make lock — refresh requirements.lock to the newest releases pyproject.toml allows, then run the tests
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501
LOCK    := requirements.lock
# pip-tools lives apart from the project's venv, so the lock never depends on it
TOOLS   := $(VENV)/lock-tools

.PHONY: install run test chromium lint bench quality clean lock

install: $(STAMP)

# exactly the locked versions (with the test tools), each checked against its hash; then the project itself
$(STAMP): pyproject.toml $(LOCK)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock:
	test -x $(TOOLS)/bin/pip-compile || { $(PY) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet pip-tools; }
	CUSTOM_COMPILE_COMMAND='make lock' $(TOOLS)/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
		--all-build-deps --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		-o $(LOCK) pyproject.toml
	$(MAKE) test

run: install
	$(BIN)/lexcompare validate
	@# a checkout next to the project's shared/ source set imports its official texts first (offline),
	@# then fetches what is still missing; offline, one line says how many are missing and how to get them
	@test ! -d ../shared/sources || $(BIN)/lexcompare sources import ../shared/sources > /dev/null || true
	@$(BIN)/lexcompare sources fetch --missing --quiet || { code=$$?; [ $$code = 1 ] || [ $$code = 3 ]; }
	$(BIN)/lexcompare build
	$(BIN)/lexcompare app --port $(PORT)

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium. As root with apt-get, install it; elsewhere they skip,
# and one line of the test summary says how to enable them (under CI=true they fail instead).
chromium:
	@test -x /usr/bin/chromium || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null || { \
		echo "installing Debian's chromium for the browser tests (apt-get)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core; } \
			>/dev/null || echo "could not install chromium: the browser tests will skip"; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench --size 1000 --size 10000 --json artifacts/bench.json

# search quality: recall@1, recall@5 and MRR per kind on the labelled query set (bench/quality.yaml)
quality: install
	$(BIN)/python -m bench.quality

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
