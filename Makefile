# multivector — two commands: `make demo` and `make test`. Both bootstrap .venv from the lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: install demo test build findings lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

build: install
	$(BIN)/multivector build

demo: build
	$(BIN)/multivector sources

# docs/findings.md: the seeds' claims tested on the shipped data (generated, never edited by hand)
findings: build
	$(BIN)/multivector findings --out docs/findings.md

test: install
	$(BIN)/python -m pytest -n $(JOBS)

# Maintainers only (needs the package index): refresh the pinned versions.
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.8
	$(PYTHON) -m uv pip compile pyproject.toml requirements-build.in --extra dev \
	    --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
