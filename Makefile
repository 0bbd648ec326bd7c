# Ontwikkelwijzer: `make run` serves the app, `make test` runs every test. See README.md.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
UV := $(shell command -v uv 2>/dev/null)
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo admin run test test-postgres lint format bench load env messages clean system-packages

# Create the environment (installing uv with pip when it is missing) and compile translations.
env:
	@if ! command -v uv >/dev/null 2>&1; then python -m pip install --quiet uv && (command -v pyenv >/dev/null && pyenv rehash || true); fi
	uv sync --locked --quiet
	uv run django-admin compilemessages --ignore=.venv -v0

run: env
	DEBUG=$${DEBUG:-true} uv run python manage.py migrate --noinput -v0
	DEBUG=$${DEBUG:-true} uv run python manage.py load_framework
	DEBUG=$${DEBUG:-true} uv run python manage.py create_admin --check
	DEBUG=$${DEBUG:-true} uv run python manage.py runserver $(HOST):$(PORT)

# The first administrator (asks for the e-mail address; EMAIL=... to give it): a link to choose a password.
admin: env
	DEBUG=$${DEBUG:-true} uv run python manage.py migrate --noinput -v0
	DEBUG=$${DEBUG:-true} uv run python manage.py create_admin $(if $(EMAIL),--email $(EMAIL))

# A demo school with an account for each role (manage.py demo_school), all with one new password; it is
# printed with the accounts. Deletes and makes the demo anew on each run. Then: make run.
demo: env
	DEBUG=true uv run python manage.py migrate --noinput -v0
	DEBUG=true uv run python manage.py load_framework
	DEBUG=true uv run python manage.py demo_school --url http://$(HOST):$(PORT)/ \
	  --password "$$(uv run python -c 'import secrets; print(secrets.token_urlsafe(12))')"

lint: env
	uv run ruff check .
	uv run ruff format --check .
	uv run lint-imports --no-cache
	DEBUG=true uv run mypy

format: env
	uv run ruff format .
	uv run ruff check --fix .

TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
  HTTPS=false STATIC_MANIFEST=false

# The Debian packages the tests need (chromium, gettext, poppler-utils, redis-server): installed when missing.
system-packages:
	@bash .ci/system-packages

test: system-packages lint
	$(TEST_ENV) uv run pytest $(PYTEST_ARGS)

test-postgres: env
	bash .ci/with-postgres make test

bench: env
	uv run python bench/run.py

load: env
	uv run python bench/load.py

messages: env
	DEBUG=true uv run python manage.py makemessages -l nl --ignore=.venv --ignore=bench --no-obsolete
	uv run django-admin compilemessages --ignore=.venv -v0

clean:
	rm -rf var/db.sqlite3* var/static test-artifacts
