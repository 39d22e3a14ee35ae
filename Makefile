# Quick start: `make run` (set everything up, run the bundled guides), `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test matrix bench clean

setup: $(STAMP)

# The constraints file carries the torch pin: an unpinned torch pulls gigabytes of CUDA.
# FFmpeg comes from apt when we are root; elsewhere the script prints the fix and the steps
# that decode audio are reported as skipped, so setup goes on.
$(STAMP): pyproject.toml constraints.txt scripts/install-audio-stack scripts/install-ocr scripts/install-chromium
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[hf,guides,test]'
	scripts/install-audio-stack $(BIN)/python || echo "audio stack missing: audio steps will be skipped"
	scripts/install-ocr || echo "Tesseract missing: OCR steps will be reported as unsupported"
	scripts/install-chromium || echo "chromium missing: the HTML report's browser test will be skipped"
	touch $@

run: setup
	$(BIN)/polydoctest run docs/ -j 2 --json out/run.json --junit out/run.xml --html out/run.html

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Every transformers line of src/polydoctest/matrix/constraints/, each in its own environment;
# fails when a step fails on any line. Results in out/matrix/, table in out/matrix.html.
matrix: setup
	$(BIN)/nox

bench: setup
	$(BIN)/python benchmarks/repair.py --quick

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
