"""One settings file; every knob comes from the environment (django-environ).

With nothing set, casework runs on a SQLite file in the project folder with
Celery eager, local file storage and console e-mail.
"""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
# The key of the audit hash chains (HMAC): kept outside the database, needed to
# verify a restored backup, never rotated without re-sealing the chains.
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="dev-only-audit-chain-key")
# Where the signed checkpoints of every audit chain's head are appended (one
# JSON line each, nightly): outside the database, on storage its users cannot
# rewrite; audit_verify holds the chains against the last one.
AUDIT_CHECKPOINT_PATH = env.path(
    "AUDIT_CHECKPOINT_PATH", default=BASE_DIR / "var" / "audit-checkpoints.jsonl"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "django_celery_beat",
    "viewflow",
    "viewflow.workflow",
    "casework.core",
    "casework.audit",
    "casework.relief",
    "casework.mutual_aid",
    "casework.mediation",
    "casework.campaigns",
    "casework.legal",
    "casework.reconsideration",
    "casework.notifications",
    "casework.reports",
    "casework.api",
    "casework.web",
    "casework.accounts",
    "casework.demo",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # the static files with DEBUG off too (`make run`, production): see STATIC_ROOT
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.web.context_processors.bell",
            ]
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# the engine's steps prepare their statements on PostgreSQL
# (workflows.engine.prepared); the rest binds parameters on the client
ENGINE_PREPARED_STATEMENTS = env.bool("ENGINE_PREPARED_STATEMENTS", default=True)
ENGINE_PREPARE_THRESHOLD = env.int("ENGINE_PREPARE_THRESHOLD", default=2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # ModelBackend with the lockout in front (every login path goes through it)
    "casework.accounts.backends.LockoutModelBackend",
]

# Lockout: LOGIN_FAILURE_LIMIT failed logins for one user name within
# LOGIN_FAILURE_WINDOW_MINUTES lock it for LOGIN_LOCKOUT_MINUTES (0 = no lockout).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Requests per client address to the token and password endpoints ("" = unlimited).
AUTH_THROTTLE_RATE = env.str("AUTH_THROTTLE_RATE", default="20/min")
# API tokens older than this many hours stop working (0 = they never expire).
TOKEN_TTL_HOURS = env.int("TOKEN_TTL_HOURS", default=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# dates as YYYY-MM-DD in every language, shown and typed (casework/formats)
FORMAT_MODULE_PATH = ["casework.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
# WhiteNoise serves STATIC_ROOT (after collectstatic) and, with the finders,
# the apps' static folders as they are: `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
# before collectstatic STATIC_ROOT does not exist yet: the finders serve the files
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
# Uploaded case documents live outside any web root and are served only
# through the access-checked API.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media-not-served/"
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DOCUMENT_ALLOWED_EXTENSIONS = env.list(
    "DOCUMENT_ALLOWED_EXTENSIONS",
    default=["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt", "csv"],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_BYTES + 1024 * 1024

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casework.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's parsers, with a JSON parser that refuses bodies nested too deeply (400, not 500)
    "DEFAULT_PARSER_CLASSES": [
        "casework.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "casework.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "casework.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "casework.api.errors.ErrorsAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATE_FORMAT": "%Y-%m-%d",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # proxies in front that append to X-Forwarded-For (the throttle's client address)
    "NUM_PROXIES": env.int("NUM_PROXIES", default=None),
}

# The throttle's counts; one cache shared by every web process in production
# (e.g. CACHE_URL=redis://127.0.0.1:6379/1), process memory by default.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

SPECTACULAR_SETTINGS = {
    "TITLE": "casework API",
    "DESCRIPTION": "Relief, mutual-aid and mediation cases of a trade-union federation.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: with no broker everything runs eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"casework": {"level": env.str("CASEWORK_LOG_LEVEL", default="INFO")}},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: the cookie is never readable by scripts nor sent cross-site on
# POSTs; a login lasts SESSION_COOKIE_AGE seconds (default 8 hours) or, with
# SESSION_EXPIRE_AT_BROWSER_CLOSE, until the browser closes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)
CSRF_COOKIE_SAMESITE = "Lax"
# Origins (scheme://host) allowed to POST forms, e.g. https://casework.example.org
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # production: cookies only over HTTPS, HTTP redirected to HTTPS, HSTS
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Behind a TLS-terminating proxy that sets (and strips from clients) a header
# naming the scheme: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https.
# Unset, requests are HTTPS only when they reach Django over TLS.
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is HEADER,value")
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
