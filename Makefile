# Versus: two commands on a fresh machine — `make run` and `make test` (ruff, mypy, pytest).
# The venv is (re)installed only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# PIP_CONSTRAINT also pins the build backend pip fetches in its isolated build environment.
PIP_INSTALL := PIP_CONSTRAINT=constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint format bench check clean postgres-server

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(PY)
	$(PIP_INSTALL) -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) -m bot

# The PostgreSQL tests start their own server from its binaries. Where they are missing and we
# are root on apt, install them (never touching a machine that has them); else those tests skip.
postgres-server:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing the PostgreSQL server for the tests: apt-get install postgresql"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || echo "Could not install PostgreSQL: its tests will skip (and fail under CI=true)."; \
	  else \
	    echo "PostgreSQL server binaries not found: its tests will skip (install the postgresql package)."; \
	  fi; \
	fi

test: $(VENV)/.installed-test postgres-server
	$(PY) -m ruff check .
	$(PY) -m mypy bot cogs
	$(PY) -m pytest -n 2  # the two cores: about half the time

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(VENV)/.installed-test postgres-server
	$(PY) -m compileall -q bot cogs bench tests  # start-up is measured from cached bytecode, as deployed
	$(PY) -m bench

check: $(VENV)/.installed
	$(PY) -m bot check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
