"""Settings for the benchmarks: the project's own settings (DATABASE_URL
and all) plus the bare viewflow app used as the baseline."""

from casework.settings import *  # noqa: F403
from casework.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.bareflow"]

# no debug cursor while timing (CaptureQueriesContext turns one on where
# queries are counted); keep the plain-HTTP test client working
DEBUG = False
SECURE_SSL_REDIRECT = False
# the demo users are created on every run; PBKDF2 is slow on purpose
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
