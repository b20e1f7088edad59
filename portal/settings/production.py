"""Production: everything from the environment; refuses to start without a secret key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALTCHA_HMAC_KEY, PORTAL_BASE_DOMAIN, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALTCHA_HMAC_KEY:
    raise ImproperlyConfigured("Set ALTCHA_HMAC_KEY in the environment (the citizens' forms sign their challenges).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# SAMEORIGIN, not DENY: the Wagtail admin shows an editor's preview in a frame of the same origin.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# --- HTTPS (docs/deploy.md) -------------------------------------------------------------------------------------
# On by default: plain HTTP is redirected to HTTPS behind a proxy that sets X-Forwarded-Proto, browsers are told to
# come back over HTTPS only (HSTS, every unit's subdomain included) and cookies travel over HTTPS only. PORTAL_HTTPS=0
# turns all of it off, for an intranet portal served over plain HTTP only; SECURE_COOKIES=0 alone keeps the rest.
PORTAL_HTTPS = os.environ.get("PORTAL_HTTPS", "1") == "1"
SECURE_SSL_REDIRECT = PORTAL_HTTPS
# The proxy's own health checks reach the process over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^health/$"]
if PORTAL_HTTPS:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "0") == "1"
    if not SECURE_HSTS_PRELOAD:
        # Asking browsers to ship the domain in their preload list cannot be undone for months: an operator's
        # decision for the whole parent domain (SECURE_HSTS_PRELOAD=1), not a default.
        SILENCED_SYSTEM_CHECKS += ["security.W021"]
else:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Public addresses (sitemaps, feeds, hreflang, mails, links between units, edge purges) in the scheme the portal is
# served in: new portals store port 443 (sites/hosts.py); existing ones move with `manage.py move_hosts --port 443`.
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "443" if PORTAL_HTTPS else "80"))
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"{'https' if PORTAL_HTTPS else 'http'}://{PORTAL_BASE_DOMAIN}"
)

# --- Media without nginx (docs/deploy.md) ------------------------------------------------------------------------
# Uploaded images under MEDIA_ROOT are served by nginx's /media/ alias (or come from object storage,
# PORTAL_MEDIA_STORAGE=s3). PORTAL_SERVE_MEDIA=1 lets the portal serve them itself, for a small intranet without a
# proxy: each file then holds a worker for its whole transfer. Documents are never served there, only through
# /documents/ (portal/urls.py), which checks the collection's privacy.
SERVE_MEDIA = os.environ.get("PORTAL_SERVE_MEDIA", "0") == "1"
