"""Settings shared by every environment; safe for production (no debug, secrets only from the environment)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")

# The province's or city's own domain (Decree 224/2026 Art. 11(4)): the top-level unit's portal sits on it, every other
# unit on <unit>.<PORTAL_BASE_DOMAIN> (`ninhson.tayninh.gov.vn`); `manage.py move_hosts` moves existing portals.
PORTAL_BASE_DOMAIN = os.environ.get("PORTAL_BASE_DOMAIN", "localhost").strip().lower()
# The port public URLs are built with: 80 (or 443: new portals on https) in production; a development port (8000 for
# `make demo`) is added to every public address and never stored (sites/hosts.py).
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "80"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [PORTAL_BASE_DOMAIN, f".{PORTAL_BASE_DOMAIN}"]
# The domain of the citizens' display preference cookie (text size, contrast), shared by the unit portals; empty:
# derived from the Sites' hostnames (home/preferences.py).
PORTAL_PREFERENCE_COOKIE_DOMAIN = os.environ.get("PORTAL_PREFERENCE_COOKIE_DOMAIN", "").strip().lower()

INSTALLED_APPS = [
    "sites",
    "accounts",
    "reports",
    "languages",
    "search",
    "home",
    "news",
    "documents",
    "organization",
    "participation",
    "disclosure",
    "workdays",
    "notices",
    "demo",
    "pagecache",
    "backups",
    "django_altcha",
    "csp",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail dates workflow steps with humanize's naturaltime (“16 giây trước”): the app brings its catalogues.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: every line logged while a request is served carries its id (X-Request-ID).
    "portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache: a cached page gets the policy of the moment (portal/security_headers.py).
    "portal.security_headers.PortalSecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that reads the database: an unreachable database answers 503 with the unit's contacts.
    "home.outage.DatabaseOutageMiddleware",
    # Outside every view and any page cache in front of Wagtail's serve: a cached page is counted too.
    "reports.usage.UsageCounterMiddleware",
    # Before the session, the user and every query: a cached anonymous page costs none of them (docs/caching.md).
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    # Below the page cache (cached pages are still served): while a connect to the database times out, 503 at once.
    "home.outage.HungDatabaseBreakerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "languages.middleware.VietnameseFirstLocaleMiddleware",
    "home.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.security.TwoFactorMiddleware",
    "sites.admin_scoping.AdminUnitBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.middleware.AdminTamperedFormMiddleware",
    "accounts.security.IdleSessionTimeoutMiddleware",
    "sites.transactions.AtomicWritesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Public GET/HEAD: view restrictions and locales read once; site, unit, settings and page route in few queries.
    "sites.request_memo.RequestMemoMiddleware",
    "home.routing.PortalRoutingMiddleware",
    # After the routing (the unit is known): 503 during a planned suspension, page cache lifetimes bounded by notices.
    "notices.middleware.MaintenanceMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.current_unit",
                "notices.context_processors.site_notices",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# No DATABASE_URL: an embedded SQLite file under var/. postgres://… : PostgreSQL through psycopg 3.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL.")
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down or hung must not hold every worker (home/outage.py answers 503): a connection
        # attempt gives up after DATABASE_CONNECT_TIMEOUT seconds, a statement after DATABASE_STATEMENT_TIMEOUT, a
        # wait for a row lock after DATABASE_LOCK_TIMEOUT (0: no limit). The web workers get 15 s and 10 s from
        # gunicorn.conf.py; `manage.py` commands (migrations, imports, reports, backups) run without them.
        statement_timeout = int(float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "0")) * 1000)
        lock_timeout = int(float(os.environ.get("DATABASE_LOCK_TIMEOUT", "0")) * 1000)
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
            "options": f"-c statement_timeout={statement_timeout} -c lock_timeout={lock_timeout}",
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "portal.sqlite3"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two editors publishing at once must queue, not fail with “database is locked” (sites/transactions.py): every
    # transaction takes the write lock when it begins (a deferred one that read first cannot wait for it) and waits
    # up to 20 s; WAL lets readers go on while one connection writes.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# A cache outage degrades to uncached pages, never to errors (DESIGN decision 10): a call Redis could not answer
# answers as a miss (get → default, get_many → {}, set/add/incr/delete → None; the callers that count or mark read
# None as "down", see participation/antispam.py; reports/usage.py counts page views with django-redis's own client,
# whose errors tell a refused connection from a slow answer), and a hung Redis costs a request at most these
# few tenths of a second per call, never a worker.
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
    "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
}
# The anonymous page cache's pages and generations live in their own alias, `pages`: however many addresses are
# asked for, they evict only each other, never the default cache's ALTCHA replay marks and rate-limit counters.
# With Redis, give the pages their own instance or db (PORTAL_PAGE_CACHE_REDIS_URL) with maxmemory and allkeys-lru;
# the default cache must not evict (docs/operations.md).
PORTAL_PAGE_CACHE_REDIS_URL = os.environ.get("PORTAL_PAGE_CACHE_REDIS_URL", "").strip() or REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": PORTAL_PAGE_CACHE_REDIS_URL,
            "KEY_PREFIX": "portal-pages",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        },
    }
else:
    # Each process's own memory, the pages apart (Django's default keeps 300 entries).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Page views are counted in the shared cache and written to the database in bulk at most this often per process
# (reports/usage.py; `manage.py flush_usage_counts` from cron writes a quiet process's views). 0: every view written
# at once, as without Redis (a local-memory cache is each process's own: cron could not write what it holds).
PORTAL_USAGE_FLUSH_SECONDS = int(os.environ.get("PORTAL_USAGE_FLUSH_SECONDS", "60" if REDIS_URL else "0"))

# The anonymous page cache (pagecache/, docs/caching.md): public pages per site, language and personalising cookie,
# purged exactly when a change they show commits. Entries also expire after PORTAL_PAGE_CACHE_TIMEOUT seconds: a purge
# the cache failed to keep (logged as an ERROR) is bounded by it.
PORTAL_PAGE_CACHE = os.environ.get("PORTAL_PAGE_CACHE", "1") == "1"
PORTAL_PAGE_CACHE_TIMEOUT = int(os.environ.get("PORTAL_PAGE_CACHE_TIMEOUT", "600"))
# Cache-Control of a public page: browsers revalidate every time (they cannot be purged; the portal's cache answers
# fast), a shared cache in front keeps it PORTAL_EDGE_MAX_AGE seconds unless purged on publish first.
PORTAL_BROWSER_MAX_AGE = int(os.environ.get("PORTAL_BROWSER_MAX_AGE", "0"))
PORTAL_EDGE_MAX_AGE = int(os.environ.get("PORTAL_EDGE_MAX_AGE", "300"))

# An edge cache in front of the portal, purged on publish (wagtail.contrib.frontend_cache): Varnish or nginx taking
# an HTTP PURGE at PORTAL_FRONTEND_CACHE_URL, and/or Cloudflare (zone id and an API token with cache purge rights).
WAGTAILFRONTENDCACHE = {}
if os.environ.get("PORTAL_FRONTEND_CACHE_URL", "").strip():
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["PORTAL_FRONTEND_CACHE_URL"].strip(),
    }
if os.environ.get("PORTAL_CLOUDFLARE_ZONE_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["PORTAL_CLOUDFLARE_ZONE_ID"].strip(),
        "BEARER_TOKEN": os.environ.get("PORTAL_CLOUDFLARE_API_TOKEN", ""),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
# pagecache purges the Vietnamese (unprefixed) and /en/ addresses itself; Wagtail's per-language rewrite would
# purge /vi/… addresses that do not exist.
WAGTAILFRONTENDCACHE_LANGUAGES = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 8 * 60 * 60
# Sessions (Django's default engine) and login lockouts (axes' database handler) live in the database, never in the
# cache: a cache outage signs no editor out and lifts no lockout.

# Account security (README “Roles and demo logins”): login throttling, two-factor sign-in, session expiry.
AUTHENTICATION_BACKENDS = ["accounts.security.PortalAxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
# Superusers and the oversight office must sign in with a TOTP code (accounts/security.py); never off in production.
PORTAL_REQUIRE_2FA = True
# A signed-in session unused this long is signed out; an admin session without “remember me” ends with the browser.
PORTAL_SESSION_IDLE_TIMEOUT = int(os.environ.get("PORTAL_SESSION_IDLE_MINUTES", "30")) * 60
OTP_TOTP_ISSUER = "Cổng TTĐT"

# Vietnamese first; English alongside (Decree 42/2022 Art. 7(2)).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# The content languages as the admin names them (“Bản dịch từ Tiếng Việt sang Tiếng Anh”); LANGUAGES keeps each
# language's own name, which the language choice of the account settings shows.
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", gettext_lazy("Tiếng Anh"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# “Translate” in wagtail-localize makes a draft: nothing goes live in English before a translator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Our catalogues (msgids in Vietnamese, English in locale/en), then Vietnamese for the Django, Wagtail and
# wagtail-localize admin strings their own vi catalogues lack. Compiled by `manage.py compile_translations`.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Citizens' attachments (participation/storage.py): never under MEDIA_ROOT, served only through the admin.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Where `manage.py backup_portal` writes its archives unless told otherwise (docs/operations.md, "Backup and restore").
PORTAL_BACKUP_DIR = Path(os.environ.get("PORTAL_BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Public media (images, their renditions, documents) on S3-compatible object storage through django-storages
# (PORTAL_MEDIA_STORAGE=s3, docs/deploy.md), or under MEDIA_ROOT (the default). The bucket stays private: every URL
# the portal hands out is signed and expires after PORTAL_S3_URL_EXPIRE seconds (longer than a page stays cached:
# PORTAL_PAGE_CACHE_TIMEOUT plus PORTAL_EDGE_MAX_AGE), unless PORTAL_S3_CUSTOM_DOMAIN names a public host (a CDN) for
# the images, and then only the `images/` prefix may be public. Documents are never linked to the bucket: Wagtail's
# serve view checks the collection's view restrictions, then streams the file (behind nginx's buffering, a worker is
# busy only while the file goes from the storage to nginx). Citizens' attachments never go to the bucket
# (PRIVATE_MEDIA_ROOT, participation/storage.py).


def s3_media_storage(environ) -> tuple[dict, str]:
    """The default storage on S3 from PORTAL_S3_* variables, and the origin its URLs point to (a page's img-src)."""
    if not environ.get("PORTAL_S3_BUCKET", "").strip():
        raise ImproperlyConfigured("PORTAL_MEDIA_STORAGE=s3 needs PORTAL_S3_BUCKET.")
    endpoint = environ.get("PORTAL_S3_ENDPOINT_URL", "").strip().rstrip("/")
    custom_domain = environ.get("PORTAL_S3_CUSTOM_DOMAIN", "").strip().rstrip("/")
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["PORTAL_S3_BUCKET"].strip(),
            # Empty: AWS itself; any S3-compatible server (MinIO, Ceph, a provider's object storage) by its URL.
            "endpoint_url": endpoint or None,
            "region_name": environ.get("PORTAL_S3_REGION", "").strip() or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).
            "access_key": environ.get("PORTAL_S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": environ.get("PORTAL_S3_SECRET_ACCESS_KEY", "").strip() or None,
            "addressing_style": environ.get("PORTAL_S3_ADDRESSING_STYLE", "").strip() or None,
            "signature_version": "s3v4",
            "location": environ.get("PORTAL_S3_PREFIX", "").strip().strip("/"),
            "custom_domain": custom_domain or None,
            # Private objects (the bucket's policy decides), signed URLs; an upload never replaces another file.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(environ.get("PORTAL_S3_URL_EXPIRE", "3600")),
            "file_overwrite": False,
        },
    }
    if custom_domain:
        return storage, f"https://{custom_domain}"
    return storage, endpoint or "https://*.amazonaws.com"


PORTAL_MEDIA_STORAGE = os.environ.get("PORTAL_MEDIA_STORAGE", "filesystem").strip().lower()
if PORTAL_MEDIA_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured("PORTAL_MEDIA_STORAGE must be filesystem or s3.")
# The origin images are served from when it is not the portal's own (a page's img-src must allow it).
PORTAL_MEDIA_ORIGIN = ""
if PORTAL_MEDIA_STORAGE == "s3":
    STORAGES["default"], PORTAL_MEDIA_ORIGIN = s3_media_storage(os.environ)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cổng thông tin điện tử"
# Wagtail leaves the password field unlabelled ("Password" in English on the Vietnamese sign-in page).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.login.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://{PORTAL_BASE_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents go through Wagtail's serve view (never a direct link to MEDIA_ROOT): nosniff, `default-src 'none'`, and
# only PDFs inline; every other type downloads as an attachment.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# Every document upload is checked by content and size (documents/validators.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# Every rendition decodes the whole image: a 90-megapixel PNG costs seconds of CPU each time.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.CheckedImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_FINDERS = []  # nothing at run time calls the internet
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # admin avatars are local: no request to gravatar.com
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the dashboard would ask releases.wagtail.io from the editor's browser

# ALTCHA (django-altcha): the proof of work of the citizens' forms (participation/antispam.py). Challenges are made
# and checked here with this key (no outside service); the widget's script is served from the django_altcha app.
ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY", "")
ALTCHA_CHALLENGE_EXPIRE = 30 * 60 * 1000  # milliseconds: time to fill in the form
PARTICIPATION_ALTCHA_MAX_NUMBER = 200_000  # about a second of work on a phone
# The request.META key holding the citizen's address when a reverse proxy stands in front (e.g. "HTTP_X_REAL_IP", a
# header the proxy sets itself, never one a client could send through it); empty: REMOTE_ADDR. Every rate limit of the
# citizens' forms counts per address (IPv6 per /64) through participation.antispam.client_address.
PORTAL_CLIENT_IP_HEADER = os.environ.get("PORTAL_CLIENT_IP_HEADER", "")

# The hosts a procedure's “Nộp hồ sơ trực tuyến” link may point to (disclosure/procedures.py), comma-separated: the
# National Public Service Portal and the province's own public-service portal; https only, never another site.
PUBLIC_SERVICE_HOSTS = tuple(
    host.strip().lower()
    for host in os.environ.get("PUBLIC_SERVICE_HOSTS", "dichvucong.gov.vn,dichvucong.tayninh.gov.vn").split(",")
    if host.strip()
)

# What a page may do in the browser (issue 19, portal/security_headers.py). Public pages: the portal's own origin
# only, no inline script or style, no nonce (a cached page is shared between visitors). ALTCHA solves its proof of
# work in a Worker made from a blob: URL; its stylesheet is a static file (participation/forms.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Images on object storage (PORTAL_MEDIA_STORAGE=s3) come from the bucket's origin.
        "img-src": ["'self'", "data:", *([PORTAL_MEDIA_ORIGIN] if PORTAL_MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *([PORTAL_MEDIA_ORIGIN] if PORTAL_MEDIA_ORIGIN else [])],  # audio and video files
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin (and its previews) renders inline scripts and style attributes: its own policy, as strict for
# what it fetches, frames and posts.
PORTAL_ADMIN_CSP_PREFIXES = ("/admin/",)
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([PORTAL_MEDIA_ORIGIN] if PORTAL_MEDIA_ORIGIN else [])],
        "media-src": ["'self'", "blob:", *([PORTAL_MEDIA_ORIGIN] if PORTAL_MEDIA_ORIGIN else [])],
    }
}
# Browser features no portal page uses, off for the page and anything it frames.
PORTAL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"no-reply@{PORTAL_BASE_DOMAIN}")

# Every cache call the outage made fail is logged as one line on "portal.cache" (portal/logging.py), not a traceback.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# While Redis stays down, each process writes one such line per this many seconds, with the count it folded in.
PORTAL_CACHE_FAILURE_LOG_SECONDS = int(os.environ.get("PORTAL_CACHE_FAILURE_LOG_SECONDS", "10"))
DJANGO_REDIS_LOGGER = "portal.cache"


def logging_config(log_format: str) -> dict:
    """LOG_FORMAT=json: one JSON object per line (portal.logging.JsonFormatter), what a log collector reads; text:
    plain lines for a person at a terminal. Both carry the request's id (portal.request_id)."""
    formatter = {"()": "portal.logging.JsonFormatter"}
    if log_format != "json":
        formatter = {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "one_line": {"()": "portal.logging.OneLineFailure"},
            "request_context": {"()": "portal.logging.RequestContext"},
        },
        "formatters": {"portal": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "portal", "filters": ["request_context"]}
        },
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
        "loggers": {"portal.cache": {"filters": ["one_line"]}},
    }


LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"))
