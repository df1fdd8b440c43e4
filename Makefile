# Xindaitong (信贷通) — `make help` lists the targets.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
PIP   := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils chromium
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z][a-z_-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) deb node ## venv, Python package, Debian and npm packages (idempotent)

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $@

deb: ## Debian packages for PDF rendering (only those missing)
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

node: node_modules/.installed ## npm packages (BPMN linting)

node_modules/.installed: package.json tools/lint-bundle.mjs tools/layout.mjs
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund -q; else npm install --no-audit --no-fund -q; fi
	npx esbuild tools/lint-bundle.mjs --bundle --platform=node --format=cjs --log-level=warning --outfile=node_modules/.cache/xdt-bpmnlint.cjs
	npx esbuild tools/layout.mjs --bundle --platform=node --format=esm --log-level=warning --outfile=node_modules/.cache/xdt-bpmnlayout.mjs
	@touch $@

run: install ## engine (gRPC + REST, bpmn/ deployed) + workers + services API on the embedded default, with demo data
	$(VENV)/bin/xdt serve --demo-data

demo: install ## walk one default case to paid compensation on a fresh embedded stack and print its timeline
	$(VENV)/bin/xdt demo

test: install ## the whole suite, on SQLite and PostgreSQL
	$(VENV)/bin/pytest -n 2 --dist loadgroup

lint: install ## ruff, mypy and @camunda/linting over bpmn/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy engine services workers
	node node_modules/.cache/xdt-bpmnlint.cjs bpmn/*.bpmn

layout: node ## add diagram layout to a BPMN drafted without one: make layout FILE=bpmn/x.bpmn
	node node_modules/.cache/xdt-bpmnlayout.mjs $(FILE) $(FILE)

fmt: install ## format the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## run every benchmark and print its figures
	@for b in bench/*_bench.py; do echo "== $$b"; $(PY) $$b || exit 1; done

.PHONY: help install deb node run demo test lint fmt bench layout
