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

# docs/graph.png, the README's picture of the demo page, in Debian's headless chromium.
screenshot: demo
	$(BIN)/python tools/screenshot.py output/graph.html docs/graph.png --width 1280 --height 800

# By hand, never in `make test`: timings are the machine's.  bench/README.md says what to expect.
bench: $(STAMP)
	$(BIN)/python bench/overhead.py

# kg's own models, from CoNLL04's train split only (dev is what they are scored on), on the CPU:
# the fine-tuned recogniser (~3 min) and then the relation model that reads its entities (~15 s).
# Both ship in kg/extract/models/.
train: $(STAMP)
	$(BIN)/python -m kg.extract.train_ner ../shared/eval/conll04/train
	$(BIN)/python -m kg.extract.train_relations ../shared/eval/conll04/train

clean:
	rm -rf $(VENV) output/graph.* output/centrality.csv
