# detente — two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test quick lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/detente analyze examples/japan-korea-thaw.txt --db demo.duckdb
	$(BIN)/detente dyad JPN KOR --db demo.duckdb

# The full suite, as CI runs it.
test: install
	$(BIN)/python -m pytest -q

# The edit-test loop: no test marked slow; last run's failures first, stop at the first failure.
quick: install
	$(BIN)/python -m pytest -q -m "not slow" -x --ff

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

# Accuracy against the reference gold files beside the repository, when they are there.
GOLD ?= ../shared/data/plover_gsr.jsonl ../shared/data/conflibert_cameo_train.jsonl
eval: install
	@for gold in $(GOLD); do \
	  if [ -f "$$gold" ]; then $(BIN)/detente eval "$$gold"; \
	  else echo "skipping $$gold: not present on this machine"; fi; \
	done

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .mypy_cache .ruff_cache .hypothesis
