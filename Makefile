# multivector — two commands: `make demo` and `make test`. Both bootstrap .venv from the lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: install browser r demo test lint build findings atlas reports lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

build: install
	$(BIN)/multivector build

# The main job: the store, then the Kazakhstan report and the region report (open them offline).
demo: build
	$(BIN)/multivector sources
	$(BIN)/multivector report KAZ --out out/KAZ.html
	$(BIN)/multivector report --region --out out/region.html
	@echo "Explore the panel in a browser: $(BIN)/multivector serve, then open http://127.0.0.1:8765/ (Ctrl+C stops it)"

# Every focus and comparison state's report, in out/
reports: build
	for state in KAZ UZB TKM KGZ TJK AZE ARM GEO UKR BLR MNG; do \
	    $(BIN)/multivector report $$state --out out/$$state.html || exit 1; done

# Browser tests drive Debian's Chromium; installed here when missing (never `playwright install`,
# which downloads a browser build of its own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	    else echo "Chromium is missing: install the Debian package 'chromium' (browser tests are skipped)"; fi; }

# The Stata export test reads the files back with R's haven (Debian's r-base-core and r-cran-haven);
# installed here when missing, as root (the test is skipped without them).
r:
	@command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(haven)' >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core r-cran-haven; \
	    else echo "R or haven is missing: install the Debian packages 'r-base-core r-cran-haven' (the haven test is skipped)"; fi; }

# docs/findings.md: the seeds' claims tested on the shipped data (generated, never edited by hand)
findings: build
	$(BIN)/multivector findings --out docs/findings.md

# docs/atlas.md: post-imperial versus classic hedging tested on every preset (generated, never edited)
atlas: build
	$(BIN)/multivector atlas-findings --out docs/atlas.md

# Habits first (seconds): lint, format and static types; then the tests.
test: install browser r lint
	$(BIN)/python -m pytest -n $(JOBS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Maintainers only (needs the package index): refresh the pinned versions.
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.8
	$(PYTHON) -m uv pip compile pyproject.toml requirements-build.in --extra dev \
	    --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
