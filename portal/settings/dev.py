"""Local development and `make demo`: insecure defaults that never reach production."""

import os

from .base import *  # noqa: F403
from .base import PORTAL_BASE_DOMAIN

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY", "dev-only-altcha-key")
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "8000"))
ALLOWED_HOSTS = [PORTAL_BASE_DOMAIN, f".{PORTAL_BASE_DOMAIN}", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = f"http://{PORTAL_BASE_DOMAIN}:{PORTAL_PORT}"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
