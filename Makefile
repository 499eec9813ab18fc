# Minerals Tracker: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# `make run` defaults: debug on, and no server to install: unless DATABASE_URL is set, an embedded
# PostgreSQL with its data in var/postgres/ (tracker/embedded_db.py starts it, and stops it on
# Ctrl-C); unless CELERY_BROKER_URL is set, kombu's filesystem broker in var/broker/.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1} PORT=$(PORT) \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}
MANAGE := $(BIN)/python manage.py

# `make test`: tests/settings.py holds the test environment (real PostgreSQL and Redis on this
# machine, debug off); DATABASE_URL / CELERY_BROKER_URL, or TEST_DATABASE_URL / TEST_BROKER_URL, point elsewhere.
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings \
	$(if $(TEST_DATABASE_URL),DATABASE_URL=$(TEST_DATABASE_URL)) $(if $(TEST_BROKER_URL),CELERY_BROKER_URL=$(TEST_BROKER_URL))

.PHONY: run test lint check bench bench-quick fuzz vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	mkdir -p var/broker/queue var/broker/processed
	$(RUN_ENV) $(BIN)/python -m tracker.embedded_db sh -c '\
		$(MANAGE) migrate --noinput && \
		$(MANAGE) collectstatic --noinput --verbosity 0 && \
		$(MANAGE) load_demo && \
		$(MANAGE) create_local_admin && \
		echo "Minerals Tracker on http://127.0.0.1:$(PORT)/  (admin: /admin/, API docs: /api/docs/). Ctrl-C stops it all." && \
		exec $(BIN)/honcho start -f Procfile'

test: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Production settings must pass the deploy checklist with no warnings.
check: $(VENV)/.installed-dev
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=tracker.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# The full bench ends with the HTTP load test (gunicorn + wrk, `apt-get install wrk`); the quick one skips it.
bench: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m bench --quick $(BENCH_ARGS)

# Only the load test, on freshly generated data; replaces `load` in bench-results.json.
load: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/python -m bench --load-only $(BENCH_ARGS)

# A long schemathesis run against a live server (the suite runs a CI-sized one).
fuzz: $(VENV)/.installed-dev
	$(TEST_ENV) FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-500} $(BIN)/pytest -m fuzz

# Refresh static/vendor/ from the npm packages package-lock.json pins (needs Node.js; the copies are committed).
vendor: | $(BIN)/python
	npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python scripts/vendor_assets.py

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
