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

# Every unit lives on <unit>.<parent unit>.<PORTAL_BASE_DOMAIN> (Decree 224/2026 Art. 11(4)).
PORTAL_BASE_DOMAIN = os.environ.get("PORTAL_BASE_DOMAIN", "localhost").strip().lower()
# The port public URLs are built with (80 in production behind a proxy; 8000 for `make demo`).
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
    "demo",
    "pagecache",
    "django_altcha",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every view and any page cache in front of Wagtail's serve: a cached page is counted too.
    "reports.usage.UsageCounterMiddleware",
    # Before the session, the user and every query: a cached anonymous page costs none of them (docs/caching.md).
    "pagecache.middleware.AnonymousPageCacheMiddleware",
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cổng thông tin điện tử"
# Wagtail leaves the password field unlabelled ("Password" in English on the Vietnamese sign-in page).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.login.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://{PORTAL_BASE_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
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

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"no-reply@{PORTAL_BASE_DOMAIN}")

# Every cache call the outage made fail is logged as one line on "portal.cache" (portal/logging.py), not a traceback.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "portal.logging.OneLineFailure"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"portal.cache": {"filters": ["one_line"]}},
}
