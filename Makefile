# zgraph: two commands for a newcomer — `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: demo test venv lint data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## demo: install, validate the graph, run the headline queries, write the pages and results under out/
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/zgraph build --check
	$(BIN)/zgraph validate
	$(BIN)/zgraph stats | tee $(OUT)/stats.txt
	@echo; echo "Who assists whom (zgraph query pairings):"
	$(BIN)/zgraph query pairings
	$(BIN)/python -m zgraph.demo --out $(OUT)

## test: install (or update) the environment and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/mypy

## data: rebuild the built graphs from data/curated/ and the texts, and the seed's audit (docs/audit.md)
data: $(STAMP)
	$(BIN)/zgraph build
	$(BIN)/zgraph audit --report zhanjiang-2023-industrial-transfer --out docs/audit.md

clean:
	rm -rf $(OUT)
