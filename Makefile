# casework — the two commands of the README are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-packages run test lint format bench clean

# Debian packages: CJK fonts, poppler (pdftotext, pdffonts, pdftoppm: the PDF
# tests), HarfBuzz's subsetter (without it weasyprint subsets Noto CJK in
# Python: ~15 s per PDF instead of ~1 s) and Pango for the PDFs; gettext
# (msgfmt) to compile the translations; Chromium for the browser tests
# (Playwright drives /usr/bin/chromium: never `playwright install`).
# Installed only as root with apt-get; elsewhere install them yourself.
# Another apt-get holding the lock is waited for (up to 10 min): apt's
# DPkg::Lock::Timeout for install; apt 2.6's update ignores it for its lists
# lock, so update is retried.
SYSTEM_PACKAGES := fonts-noto-cjk fonts-wqy-microhei poppler-utils libharfbuzz-subset0 gettext chromium \
	libpango-1.0-0 libpangoft2-1.0-0

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# the translations: .po files are in git, the compiled .mo files are not
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%.mo: locale/%.po | $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

install: system-packages $(STAMP) $(MESSAGES)

system-packages:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
		(n=0; until apt-get -o DPkg::Lock::Timeout=600 update -qq; do \
			n=$$((n + 1)); [ $$n -lt 60 ] || exit 1; echo "apt-get update: retrying in 10 s (lock held?)"; sleep 10; done; \
		DEBIAN_FRONTEND=noninteractive \
			apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)); \
	else \
		dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
		echo "note: install $(SYSTEM_PACKAGES) for PDF documents (not root or no apt-get)"; \
	fi

## make run: set up, migrate SQLite, seed the demo, serve on 127.0.0.1:8000 with due work every minute
# The demo is served as users get it: DEBUG off, so a missing or forbidden page
# is the site's own translated page, not Django's technical one; WhiteNoise
# serves the static files; plain HTTP on the loopback address, so no HTTPS
# redirect nor secure-only cookies.
DEMO_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false \
	CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py serve --addr 127.0.0.1:8000

## make test: the whole test suite (DATABASE_URL picks the database; pytest's 5 = nothing collected)
test: install
	$(PY) -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy casework workflows
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) bench/engine_vs_viewflow.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var
