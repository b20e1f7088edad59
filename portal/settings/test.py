"""Test settings: fast hashing, in-memory mail, no manifest for static files."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, logging_config

SECRET_KEY = "test-only-key"
ALTCHA_HMAC_KEY = "test-only-altcha-key"
PARTICIPATION_ALTCHA_MAX_NUMBER = 2000  # tests solve the proof of work in Python
# The city on the base domain (tayninh.localhost), its wards below it (ninhson.tayninh.localhost).
PORTAL_BASE_DOMAIN = "tayninh.localhost"
PORTAL_PORT = 80
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://localhost"

# The rest of the suite measures uncached pages and changes rows without signals; tests/pagecache turns it on. The
# e2e portal runs with it on, as in production.
PORTAL_PAGE_CACHE = os.environ.get("PORTAL_E2E_PAGE_CACHE") == "1"
# Every failed cache call logged (tests look at them); production folds them into a line per 10 s.
PORTAL_CACHE_FAILURE_LOG_SECONDS = 0

# SQLite tests run on a file, not in memory: concurrent-publishing tests (tests/sites/test_concurrent_publishing.py)
# need real connections from several threads with SQLite's real locking. pytest-xdist gives each worker its own file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-portal.sqlite3")}

# The e2e portal (tests/e2e) is built and served by separate processes from its own PORTAL_VAR_DIR: its uploads
# (news images, audio) must live on disk there and be served by runserver.
if os.environ.get("PORTAL_E2E_MEDIA"):
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    SERVE_MEDIA = True

# The e2e portal writes its mails to files, so that a browser test can open a mailed link (an invitation).
if os.environ.get("PORTAL_E2E_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["PORTAL_E2E_MAIL_DIR"]

# Plain lines in a failing test's captured output; the outage tests' servers set LOG_FORMAT=json.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"))
