# Two commands are the whole set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install screenshot bench train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples/ --out output/

test: $(STAMP)
	$(BIN)/python -m pytest

# By hand, never in `make test`: timings are the machine's.  bench/README.md says what to expect.
bench: $(STAMP)
	$(BIN)/python bench/overhead.py

# The relation model, from CoNLL04's train split only (dev is what it is scored on); the
# result ships as kg/extract/models/relations.json.
train: $(STAMP)
	$(BIN)/python -m kg.extract.train_relations ../shared/eval/conll04/train

clean:
	rm -rf $(VENV) output/graph.* output/centrality.csv
