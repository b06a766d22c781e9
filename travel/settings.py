"""Stopover settings: every value comes from the environment (see .env.example).

Parsed strictly by travel.config.Env: a bad value stops start-up with a message naming
the variable. Defaults are the embedded set-up of `make run`: SQLite under var/, eager
tasks, local-memory cache, email on the console.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from travel.config import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

DEBUG = env.boolean("DEBUG", False)
# On for the test suite and the type checker (travel/test_settings.py sets it).
TESTING = env.boolean("STOPOVER_TESTING", False)

SECRET_KEY = env.string("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
        )
    SECRET_KEY = "insecure-development-key-" + "x" * 40

ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
SITE_NAME = env.string("SITE_NAME", "Stopover")
# Where the source of the running version is (AGPL-3.0 asks a public instance to offer
# it): the footer links it. Empty only for a private test set-up.
SOURCE_URL = (
    env.url("SOURCE_URL", "", schemes=("https", "http")) if env.is_set("SOURCE_URL") else ""
)
# How many reverse proxies in front of us append to X-Forwarded-For. 0: trust none, use
# REMOTE_ADDR. A spoofed header from a client cannot reset rate limits.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)

INSTALLED_APPS = [
    # The admin site requires MFA for staff (accounts/admin_site.py).
    "accounts.admin_apps.StopoverAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "travel.places",
    "travel.topics",
    "travel.outbox",  # every email is written here first, then relayed (issue 9)
    "accounts",
    "travel.collectives",
    "travel.trips",
    "travel.hosting",
    "travel.meetups",
    "travel.messaging",
    "travel.matching",
    "travel.notifications",  # in-app, email and Web Push notices (issue 17)
    "travel.federation",  # ActivityPub: actors, inbox, outbox, the safe fetcher (issue 19)
    "travel.demo",
    "travel.wiring",  # last: ties the apps together (travel/wiring/house.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Every answer under /api/ is JSON, even Django's own error pages (translated).
    "travel.middleware.ApiErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "travel.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "travel.urls"
# Widgets render with the project templates (the place picker lives in templates/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "travel.wsgi.application"
ASGI_APPLICATION = "travel.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Dates as each language writes them, in every template (travel/dates.py).
            "builtins": ["travel.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "travel.context_processors.site",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'stopover.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", "locmemcache://stopover")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # When Redis is away, pages keep serving: reads miss, rate limits fail open, with a
    # logged warning (travel/cache.py); short timeouts so nobody waits for it.
    CACHES["default"]["BACKEND"] = "travel.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_on_timeout": False}
    )

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email only, verified by a code, no account enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks the display name and the acceptance of the community guidelines.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = SITE_NAME
# Off: tracking writes to the database on every request; the list still shows where
# and when each session signed in.
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nb", "Norsk bokmål"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English named date formats as written in Europe (travel/formats/en).
FORMAT_MODULE_PATH = ["travel.formats"]

# Street addresses for hosts placing an offer: off by default (the offline gazetteer
# finds towns). When on, Nominatim through geopy, asked only with the text a member
# typed and asked to look up (travel/places/street.py).
STREET_GEOCODER = env.boolean("STREET_GEOCODER", False)
NOMINATIM_URL = env.url(
    "NOMINATIM_URL", "https://nominatim.openstreetmap.org", schemes=("https", "http")
)
NOMINATIM_USER_AGENT = env.string("NOMINATIM_USER_AGENT", "stopover (self-hosted)")
TIME_ZONE = env.string("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(EMAIL_CONFIG.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(EMAIL_CONFIG.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run in-process (eager) so `make run` needs no Redis.
CELERY_BROKER_URL = env.string("CELERY_BROKER_URL")
# `make run` uses kombu's SQLAlchemy transport on a SQLite file (sqla+sqlite:///var/…):
# a real worker with embedded beat and no server to run.
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(
    ("redis://", "rediss://", "memory://", "sqla+sqlite:///")
):
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL must be a redis:// or sqla+sqlite:/// URL, got {CELERY_BROKER_URL!r}"
    )
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# The optional street geocoder's own queue, one request a second (travel/places/street.py):
# run a worker with `-Q celery,geocoder` when STREET_GEOCODER is on.
CELERY_TASK_ROUTES = {"places.street_geocode": {"queue": "geocoder"}}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Above the longest countdown we use (the daily digest), so Redis never re-delivers a
# task that is merely waiting for its ETA.
# CELERY_VISIBILITY_TIMEOUT (seconds) shortens it for the reliability tests' workers;
# a short one also sweeps for a dead worker's unacknowledged tasks every second (kombu
# sweeps every 100 s by default).
# Publishing fails fast when Redis is away (a request never waits on a dead broker):
# one connection attempt with a short timeout; the outbox re-queue sends it later.
_CELERY_VISIBILITY = env.integer("CELERY_VISIBILITY_TIMEOUT", 2 * 24 * 3600, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _CELERY_VISIBILITY,
    "unacked_restore_interval": 1 if _CELERY_VISIBILITY < 60 else 10,
    "unacked_restore_throttle": 1 if _CELERY_VISIBILITY < 60 else 10,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}  # filled by travel.celery from travel/wiring/house.py
if CELERY_BROKER_URL.startswith("sqla+"):
    # The SQLite broker polls every second (kombu's default); its options go to
    # SQLAlchemy's create_engine, which takes none of Redis's.
    CELERY_BROKER_TRANSPORT_OPTIONS = {}

# Web Push (VAPID, RFC 8292). The private key is a PEM file's path or its base64url raw
# key; without one, development and tests generate a key pair into var/ once.
VAPID_PRIVATE_KEY = env.string("VAPID_PRIVATE_KEY")
VAPID_PUBLIC_KEY = env.string("VAPID_PUBLIC_KEY")
VAPID_SUBJECT = env.string(
    "VAPID_SUBJECT", "mailto:" + DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">")
)
if not VAPID_PRIVATE_KEY and (DEBUG or TESTING):
    from travel.vapid import development_keys

    VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = development_keys(BASE_DIR / "var")
elif bool(VAPID_PRIVATE_KEY) != bool(VAPID_PUBLIC_KEY):
    raise ImproperlyConfigured("Set both VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY, or neither.")
# Push endpoints on these hosts are accepted although private (a UnifiedPush
# distributor on the LAN; the tests' own push service on loopback).
PUSH_ALLOWED_HOSTS = env.strings("PUSH_ALLOWED_HOSTS", [])

# Privacy and retention.
PAST_TRIP_RETENTION_DAYS = env.integer("PAST_TRIP_RETENTION_DAYS", 30, minimum=0)

# Federation (ActivityPub, issue 19): off unless switched on; then collectives and members
# still opt in one by one. Needs SITE_URL on https:// outside tests.
FEDERATION_ENABLED = env.boolean("FEDERATION_ENABLED", False)
# Tests only: lets the safe fetcher speak plain http to 127.0.0.1 (a second test server).
FEDERATION_ALLOW_HTTP_LOOPBACK = env.boolean("FEDERATION_ALLOW_HTTP_LOOPBACK", False)
# Tests and CI: the safe fetcher resolves no host name by DNS (only IP literals and
# localhost), so no fuzzed or imported address can make the machine send a DNS query out.
FETCHER_NO_DNS = env.boolean("FETCHER_NO_DNS", TESTING)
if FEDERATION_ENABLED and not SITE_URL.startswith("https://") and not (DEBUG or TESTING):
    raise ImproperlyConfigured("FEDERATION_ENABLED needs SITE_URL on https://")
if FEDERATION_ALLOW_HTTP_LOOPBACK and not (DEBUG or TESTING):
    raise ImproperlyConfigured("FEDERATION_ALLOW_HTTP_LOOPBACK is for tests and development only")

# Maps: by default the basemap is drawn from our own static files (Natural Earth land and
# borders, the gazetteer's towns), so no third party learns where a member looks. A
# collective that runs its own tile server may set MAP_TILE_URL (see .env.example).
MAP_TILE_URL = env.string("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env.string(
    "MAP_TILE_ATTRIBUTION",
    "Natural Earth, GeoNames"
    if not MAP_TILE_URL
    else '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def _origin(url: str) -> str:
    if "://" not in url:
        return ""
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].replace("{s}.", "*.")
    return f"{scheme}://{host}"


# Security headers (CSP without inline scripts or styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
_https = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", _https)
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
if env.boolean("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env.choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Calendar-feed tokens and other secrets in URLs never reach the log (travel/redact.py).
    "filters": {"redact_tokens": {"()": "travel.redact.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["redact_tokens"]},
        "django.server": {"filters": ["redact_tokens"]},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
FORMS_URLFIELD_ASSUME_HTTPS = True
# The matcher's covering indexes (INCLUDE columns) are a PostgreSQL extra; SQLite builds
# the same indexes on their key columns only, which is all the development setup needs.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]

if TESTING:
    # Fast hashing in tests only; never in a running site.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
