# Two commands matter: `make start` (set up, open the course) and `make test`
# (set up, run every test). Everything else is a step they share.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
IP     ?= 0.0.0.0
FILE   ?=
STAMP  := $(VENV)/.installed-$(shell cat binder/requirements.txt requirements-dev.txt pyproject.toml course/trustvalue_course/setup_env.py | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
export PATH := $(abspath $(BIN)):$(PATH)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: start test present setup chromium validate notebooks lint bench clean help learners graded

help:
	@echo "make start   set everything up and open the course in JupyterLab (PORT=$(PORT))"
	@echo "make test    set everything up and run every test"
	@echo "make present open the trainer apps' gallery; phones join live rooms (PORT=$(PORT) IP=$(IP))"
	@echo "make validate [FILE=path.yaml]  check content files"
	@echo "make notebooks  rebuild notebooks from the content files"
	@echo "make bench   run the benchmarks"
	@echo "make learners  commit the learners' material (no keys) to the learners branch, for Binder"
	@echo "make graded OUT=dir [BANK=dir]  build a graded nbgrader course outside the repo"

setup: $(STAMP)

$(STAMP):
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m trustvalue_course.setup_env
	touch $@

start: setup
	$(BIN)/jupyter lab --notebook-dir=modules --port=$(PORT) $(AS_ROOT) \
	  --LabApp.default_url=/lab/tree/00-start-here/00-start-here.ipynb

# The trainer's server: the app gallery, the Voila apps and the phones' join page.
# IP=0.0.0.0 lets phones on the room's network join; IP=127.0.0.1 keeps it on this machine.
present: setup
	$(BIN)/python -m trustvalue_course.serve --port=$(PORT) --ip=$(IP)

# Browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@test -x $(CHROMIUM) || command -v chromium >/dev/null 2>&1 || \
	  ( echo "Installing Debian chromium for the browser tests..." && \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium )

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/trustvalue-validate $(FILE)

notebooks: setup
	$(BIN)/trustvalue-build

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The learners' branch (its own history, no instructor material): Binder opens it.
learners: setup
	$(BIN)/python -m trustvalue_course.release learners

# A graded course for credit, with an instructor's private question bank merged in.
OUT  ?=
BANK ?=
graded: setup
	@test -n "$(OUT)" || ( echo "usage: make graded OUT=~/tv-graded [BANK=~/tv-bank]"; exit 2 )
	$(BIN)/python -m trustvalue_course.release graded --out "$(OUT)" $(if $(BANK),--bank "$(BANK)")

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) autograder/gradebook.db autograder/submitted autograder/autograded autograder/feedback
