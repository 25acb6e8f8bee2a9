# Two commands are the whole set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The exact versions the suite passed with; pyproject.toml keeps ranges for library users.
LOCK := requirements.lock
SHARED := ../shared
CONLL04 := $(SHARED)/eval/conll04
# Where `make train` writes the models (check-models trains into a scratch folder instead).
MODELS ?= kg/extract/models

.PHONY: demo test check-models eval install lock screenshot bench train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples/ --out output/
	@echo "kg is installed in $(BIN), not on your PATH: run $(BIN)/kg --help, or source $(BIN)/activate first"

# First the imports: none runs back up the data flow (lint-imports, the layers in pyproject.toml)
# and ruff's checks pass.  Then the suite: both test processes share the two cores
# (pytest-xdist); `--dist loadfile` keeps a module's tests, and their module-scoped fixtures, in
# one process.
test: $(STAMP)
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/ruff check --no-cache .
	$(BIN)/python -m pytest -n 2 --dist loadfile

# `make train` into a scratch folder, then the retrained models against the shipped ones on
# CoNLL04 dev (entity and relation F1 within 0.01) and on the bundled examples (same facts).
# Floats move with the CPU and BLAS build, so this compares behaviour, never bytes.
check-models: $(STAMP)
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	$(MAKE) --no-print-directory train MODELS="$$scratch" && \
	$(BIN)/python tools/check_models.py "$$scratch" --conll04 $(CONLL04)/dev

# Extraction quality where it stands: the seed article, the 24 real articles pooled and CoNLL04 dev
# against issue 13's targets, then precision by predicate on the real set (tools/eval_table.py;
# `score_set.py ... --show` lists each article's misses); then the same articles built as one
# corpus: bodies and posts standing for two countries (tools/cross_country.py).
eval: $(STAMP)
	$(BIN)/python tools/eval_table.py --kg $(BIN)/kg --shared $(SHARED)
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	$(BIN)/python tools/cross_country.py $(SHARED)/eval/real --kg $(BIN)/kg --out "$$scratch/one" | tail -1

# A new lock: the newest versions pyproject.toml allows, for every Python it allows.  Run it to
# take new releases on purpose, then `make test check-models` before committing the lock.
# `make lock LOCK_UPGRADE=` keeps every pin and settles only what pyproject.toml changed.
LOCK_UPGRADE ?= --upgrade
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.10 \
	    $(LOCK_UPGRADE) --quiet -o $(LOCK)

# docs/graph.png, the README's picture of the demo page, in Debian's headless chromium.
screenshot: demo
	$(BIN)/python tools/screenshot.py output/graph.html docs/graph.png --width 1280 --height 800

# By hand, never in `make test`: timings are the machine's.  bench/README.md says what to expect.
bench: $(STAMP)
	$(BIN)/python bench/overhead.py

# kg's own models, from CoNLL04's train split (dev is what they are scored on), on the CPU:
# the fine-tuned recogniser (~3 min) and then the relation model that reads its entities, from
# CoNLL04 train and Re-DocRED's Wikipedia documents (~2 min).
REDOCRED := $(SHARED)/data/redocred/dev_revised.json
train: $(STAMP)
	$(BIN)/python -m kg.extract.train_ner $(CONLL04)/train --out $(MODELS)/ner.bin
	KG_MODELS=$(MODELS) $(BIN)/python -m kg.extract.train_relations $(CONLL04)/train \
	    --redocred $(REDOCRED) --out $(MODELS)/relations.json

clean:
	rm -rf $(VENV) output/graph.* output/centrality.csv
