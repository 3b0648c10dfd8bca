# greenimpact — bootstrap, reports, tests. Needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
JOBS   ?=
OUT    ?= reports/_build

.PHONY: help venv reports test test-fast lint lab notebooks bench lock clean

help:
	@echo "make reports    render the default reports (reports/reports.yaml) and print the site's index.html"
	@echo "make test       lint, unit and published-value tests, strict nbval over notebooks/"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make notebooks  re-execute notebooks/ in place with default parameters (then review the diff)"
	@echo "make bench      run the benchmarks in benchmarks/"
	@echo "make lock       regenerate requirements.lock from a clean resolve of pyproject.toml"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "greenimpact needs Python >= 3.11, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing pinned dependencies into $(VENV) (first run only) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

reports: $(STAMP)
	@$(BIN)/greenimpact render --out $(OUT) $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP)
	$(BIN)/ruff check greenimpact tests benchmarks
	$(BIN)/python -m pytest greenimpact tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest greenimpact tests -x -q

lint: $(STAMP)
	$(BIN)/ruff check greenimpact tests benchmarks
	$(BIN)/ruff format --check greenimpact tests benchmarks

lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False \
		$(or $(NB),notebooks/*.ipynb)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_montecarlo.py
	$(BIN)/python benchmarks/bench_coverage.py --quick

lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet -e '.[test]' setuptools
	{ head -n 2 requirements.lock; .lockvenv/bin/python -m pip freeze --exclude-editable | grep -vi '^greenimpact'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockvenv

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache build dist *.egg-info
