"""Local development and `make demo`: insecure defaults that never reach production."""

import os

from .base import *  # noqa: F403
from .base import logging_config

DEBUG = True
# The demo city sits on the base domain itself, its units below it: http://tayninh.localhost:8000/,
# http://ninhson.tayninh.localhost:8000/ (browsers resolve every *.localhost name to this machine).
PORTAL_BASE_DOMAIN = os.environ.get("PORTAL_BASE_DOMAIN", "tayninh.localhost").strip().lower()
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY", "dev-only-altcha-key")
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "8000"))
ALLOWED_HOSTS = [PORTAL_BASE_DOMAIN, f".{PORTAL_BASE_DOMAIN}", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = f"http://{PORTAL_BASE_DOMAIN}:{PORTAL_PORT}"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"no-reply@{PORTAL_BASE_DOMAIN}")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Plain lines at the terminal; LOG_FORMAT=json to see what production writes.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"))
