# Two commands matter: `make start` (set up, open the course) and `make test`
# (set up, run every test). Everything else is a step they share.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
IP     ?= 0.0.0.0
FILE   ?=
STAMP  := $(VENV)/.installed-$(shell cat binder/requirements.txt requirements-dev.txt deploy/hub/requirements.txt pyproject.toml course/trustvalue_course/publishing/setup_env.py course/trustvalue_course/classroom/serve.py | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
export PATH := $(abspath $(BIN)):$(PATH)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: start test present setup chromium validate notebooks lint bench clean help learners publish graded
.PHONY: hub hub-install hub-users instructor release collect autograde feedback return export

help:
	@echo "make start   set everything up and open the course in JupyterLab (PORT=$(PORT))"
	@echo "make test    set everything up and run every test"
	@echo "make present open the trainer apps' gallery; phones join live rooms (PORT=$(PORT) IP=$(IP))"
	@echo "make validate [FILE=path.yaml]  check content files"
	@echo "make notebooks  rebuild notebooks from the content files"
	@echo "make bench   run the benchmarks"
	@echo "make learners  commit the learners' material (no keys) to the learners branch, for Binder"
	@echo "make publish   push that branch, alone, to the learners' repository Binder builds"
	@echo "make graded OUT=dir [BANK=dir]  build a graded nbgrader course outside the repo"
	@echo "make instructor  open the instructor's Lab (formgrader, create assignment) on autograder/"
	@echo "make hub-users   create the hub's Unix accounts (root; HUB_INSTRUCTORS, HUB_STUDENTS)"
	@echo "make hub     start the course's JupyterHub (root; HUB_PORT=$(HUB_PORT))"
	@echo "make release|collect|autograde|feedback|return MODULE=02-two-perspectives  one cohort step"
	@echo "make export  grades CSV and charts per module (autograder/reports/)"

setup: $(STAMP)

$(STAMP):
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m trustvalue_course.publishing.setup_env
	touch $@

start: setup
	$(BIN)/jupyter lab --notebook-dir=modules --port=$(PORT) $(AS_ROOT) \
	  --LabApp.default_url=/lab/tree/00-start-here/00-start-here.ipynb

# The trainer's server: the app gallery, the Voila apps and the phones' join page.
# IP=0.0.0.0 lets phones on the room's network join; IP=127.0.0.1 keeps it on this machine.
present: setup
	$(BIN)/python -m trustvalue_course.classroom.serve --port=$(PORT) --ip=$(IP)

# Browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@test -x $(CHROMIUM) || command -v chromium >/dev/null 2>&1 || \
	  ( echo "Installing Debian chromium for the browser tests..." && \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium )

test: setup chromium hub-install
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
	$(BIN)/python -m trustvalue_course.publishing.release learners

# ...pushed, alone, to the learners' own repository that Binder builds (binder/course.yaml;
# TO=<git address> overrides). A repository holding the instructor's history is refused.
TO ?=
publish: setup
	$(BIN)/python -m trustvalue_course.publishing.release publish $(if $(TO),--to "$(TO)")

# A graded course for credit, with an instructor's private question bank merged in.
OUT  ?=
BANK ?=
graded: setup
	@test -n "$(OUT)" || ( echo "usage: make graded OUT=~/tv-graded [BANK=~/tv-bank]"; exit 2 )
	$(BIN)/python -m trustvalue_course.publishing.release graded --out "$(OUT)" $(if $(BANK),--bank "$(BANK)")

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) autograder/gradebook.db autograder/submitted autograder/autograded autograder/feedback \
	  autograder/backups autograder/reports deploy/hub/node_modules deploy/hub/python

# --- The course on a JupyterHub, and the cohort's grading steps (see deploy/README.md) ---
HUB_PORT        ?= 8000
HUB_INSTRUCTORS ?= instructor
HUB_STUDENTS    ?= student1 student2 student3
HUB_EXCHANGE    ?= /srv/nbgrader/exchange
COURSE          ?= autograder
MODULE          ?=
HUB_PROXY       := deploy/hub/node_modules/.package-lock.json

# The instructor's Lab: formgrader, create assignment (hidden from learners), on autograder/.
instructor: setup
	cd $(COURSE) && JUPYTER_CONFIG_PATH=$(abspath deploy/instructor) $(abspath $(BIN))/jupyter lab \
	  --port=$(PORT) $(AS_ROOT) --LabApp.default_url=/lab/tree/source

hub-install: setup $(HUB_PROXY)

# configurable-http-proxy from npm, exactly as locked; node and npm from Debian if missing.
$(HUB_PROXY): deploy/hub/package.json deploy/hub/package-lock.json
	@command -v npm >/dev/null 2>&1 || ( echo "Installing Debian nodejs and npm for the hub's proxy..." && \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm )
	npm ci --prefix deploy/hub --no-audit --no-fund --loglevel=error

hub-users: hub-install
	$(SUDO) $(BIN)/python deploy/hub/accounts.py create $(HUB_INSTRUCTORS) $(HUB_STUDENTS)

hub: hub-install
	$(SUDO) env PATH="$(PATH)" TRUSTVALUE_HUB_PORT=$(HUB_PORT) TRUSTVALUE_EXCHANGE=$(HUB_EXCHANGE) \
	  TRUSTVALUE_INSTRUCTORS="$(HUB_INSTRUCTORS)" TRUSTVALUE_STUDENTS="$(HUB_STUDENTS)" \
	  $(BIN)/jupyterhub -f deploy/hub/jupyterhub_config.py

release collect autograde feedback return: setup
	@test -n "$(MODULE)" || { echo "Give the module: make $@ MODULE=02-two-perspectives"; exit 2; }
	$(BIN)/trustvalue-cohort --course $(COURSE) $@ $(MODULE)

export: setup
	$(BIN)/trustvalue-cohort --course $(COURSE) export --to $(COURSE)/reports/grades.csv \
	  --charts $(COURSE)/reports
