"""Production: everything from the environment; refuses to start without a secret key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALTCHA_HMAC_KEY, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALTCHA_HMAC_KEY:
    raise ImproperlyConfigured("Set ALTCHA_HMAC_KEY in the environment (the citizens' forms sign their challenges).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
