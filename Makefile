# Two commands set everything up on a fresh machine (README.md):
#   make run   - the portal with the demo on http://127.0.0.1:8000
#   make test  - the whole test suite on PostgreSQL and Redis
#   make loadtest - the portal under load (docs/PERFORMANCE.md)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The test suite's services; override them in the environment.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/mentoring_portal)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)

# The load test's own database and Redis database (it grows the demo in the first and empties
# the second); never the ones of `make run` or `make test`.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring_portal_load
LOADTEST_REDIS_URL ?= redis://127.0.0.1:6379/13

.PHONY: run test install messages browser pdf-tools check-services lint clean loadtest

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compiles locale/*/LC_MESSAGES/django.po; without GNU gettext it falls back to polib.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else \
		$(PY) -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-2] + 'mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"; \
	fi

run: messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	@./scripts/run_local.sh "$(PY)"

# Debian's chromium drives the browser tests; installed when missing and apt-get is at hand.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
		else \
			echo "chromium is missing and cannot be installed here: browser tests will be skipped"; \
		fi; \
	fi

# poppler-utils (pdftotext, pdfinfo) read the generated PDFs back in the tests; HarfBuzz's
# subsetter makes WeasyPrint embed fonts faster.
pdf-tools:
	@if ! command -v pdftotext >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installing poppler-utils and libharfbuzz-subset0 for the PDF tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils libharfbuzz-subset0 >/dev/null; \
		else \
			echo "poppler-utils is missing and cannot be installed here: the PDF tests will fail"; \
		fi; \
	fi

# pytest-xdist: TEST_WORKERS processes (one per core), each with its own test database; a test
# file stays in one process (--dist loadfile), so a module-wide world (tests/module_scope.py) is
# built once. Files are handed out in the order collected (--no-loadscope-reorder): the slowest
# first (SLOWEST_FILES in tests/conftest.py), so that the workers finish together.
# Only the pytest plugins the suite uses: each one installed with an entry point (Faker's,
# hypothesis', anyio's, Locust's, Schemathesis') has its whole package's asserts rewritten in
# every process, 2.6 s of each worker's start.
TEST_WORKERS ?= 2
TEST_PLUGINS = pytest_django.plugin,xdist.plugin,schemathesis.pytest.plugin

test: messages browser pdf-tools
	DJANGO_SETTINGS_MODULE=mentoring_portal.settings.test \
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" CELERY_BROKER_URL="$(TEST_REDIS_URL)" \
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 PYTEST_PLUGINS="$(TEST_PLUGINS)" \
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# gunicorn (production settings, 4 workers) and one Celery worker on 127.0.0.1:18000, Locust
# headless for 4 minutes, then the database checked; all stopped at the end. Faults:
#   make loadtest LOADTEST_ARGS="--fault worker"     (kill -9 of the worker mid-job, restarted)
#   make loadtest LOADTEST_ARGS="--fault postgres"   (PostgreSQL restarted: --pg-restart COMMAND)
loadtest: messages pdf-tools
	LOADTEST_DATABASE_URL="$(LOADTEST_DATABASE_URL)" LOADTEST_REDIS_URL="$(LOADTEST_REDIS_URL)" \
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	# No database is needed to compare models with migrations: an in-memory one keeps Django from
	# warning that it could not read the (not yet created) project database's history.
	DATABASE_URL=sqlite:///:memory: DJANGO_SETTINGS_MODULE=mentoring_portal.settings.test \
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache reports
