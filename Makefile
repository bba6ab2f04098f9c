# Two commands from a fresh clone: `make run` and `make test`. Needs only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench load load-server load-replicas install install-test clean

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, got " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# A stamp per requirements file: reinstall only when the pins change.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# MALLOC_ARENA_MAX: as deploy/run_replicas.py's SERVER_ENV says (glibc reads it at start-up).
run: install
	MALLOC_ARENA_MAX=2 $(PY) -m streamlit run app.py --server.headless true --server.port $(PORT)

test: install-test
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: install-test
	$(PY) -m ruff check .

bench: install-test
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-results

# On demand only: N browser sessions train the lecture preset at once (minutes, both cores).
load: install-test
	LOAD_TEST=1 $(PY) -m pytest -p no:cacheprovider -s tests/load

# On demand only: N protocol-level students (no browser) against one server of its own: a burst of
# Trains, a lesson hour (LESSON_SECONDS), churn. The summary line comes last. Minutes, both cores.
N ?= 100
LESSON_SECONDS ?= 300
load-server: install-test
	$(PY) tests/load/class_load.py --n $(N) --lesson-seconds $(LESSON_SECONDS)

# The same through nginx (Debian's) in front of REPLICAS replicas of the app, REPLICA_N students.
REPLICAS ?= 2
REPLICA_N ?= 200
load-replicas: install-test
	$(PY) tests/load/class_load.py --n $(REPLICA_N) --replicas $(REPLICAS) \
		--lesson-seconds $(LESSON_SECONDS)
