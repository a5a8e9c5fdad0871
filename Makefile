# Set-up on a fresh machine: `make run` (main job) and `make test` (the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= lbx.duckdb
PORT ?= 8501
# The seed listing pages: every bundled paper once (fixtures/papers repeats some of them for the readers' tests);
# fixtures/demo gives some of them their arXiv id and date, so the boards have a timeline.
FIXTURES := fixtures/seeds fixtures/demo

.PHONY: install run test bench bench-dashboard bench-store bench-dask bench-robust browser clean schemas

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian's Chromium for the real-browser test; Playwright drives it, never downloading a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
	  || echo "warning: could not install Debian chromium; the browser test will be skipped"; }

run: install
	$(BIN)/lbx ingest $(FIXTURES) --db $(DB)
	$(BIN)/lbx dashboard --db $(DB) --port $(PORT)

test: install browser
	$(BIN)/pytest

# Extraction and ingest on the arXiv corpus; BENCH_ARGS="--all --repeat 3" for the three corpora, medians of 3.
bench: install
	$(BIN)/python benchmarks/bench_extract.py $(BENCH_ARGS)

# The leaderboard page's run time under AppTest on a synthesised store of 1,000,000 records.
bench-dashboard: install
	$(BIN)/python benchmarks/bench_dashboard.py

# Store ingest rate and board times on >= 1,000,000 records (extracted ../shared/corpus, replicated).
bench-store: install
	$(BIN)/python benchmarks/bench_store.py

# The Dask path beside the local one on ../shared/corpus (1 and 2 workers, the corpora 1x and 4x).
bench-dask: install
	$(BIN)/python benchmarks/bench_dask.py

# Extraction cost per KB on hostile texts (10 KB to 1 MB) and the never-raise property over 1,000,000 texts.
bench-robust: install
	$(BIN)/python benchmarks/bench_robust.py

schemas: install
	$(BIN)/python -m schemas

clean:
	rm -rf $(VENV) $(DB) $(DB).wal build *.egg-info
