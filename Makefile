# Quick start: `make run` (set everything up, run the bundled guides), `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Hypothesis and pytest write their caches here; `make clean` removes them with the venv.
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test bench clean

setup: $(STAMP)

# The constraints file carries the torch pin: an unpinned torch pulls gigabytes of CUDA.
$(STAMP): pyproject.toml constraints.txt scripts/install-system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[hf,test]'
	scripts/install-system-deps
	touch $@

run: setup
	$(BIN)/polydoctest extract docs/

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: setup
	$(BIN)/python benchmarks/repair.py --quick

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
