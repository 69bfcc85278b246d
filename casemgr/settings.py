"""casemgr settings: one module, driven by environment variables.

Every variable is read through a helper that refuses a bad value at start-up
with a message naming the variable. With nothing set, casemgr runs on the
embedded PostgreSQL and Redis under var/ (see casemgr/embedded.py) with
settings fit for a laptop; with DATABASE_URL set it is a server and the
defaults turn secure (HTTPS-only cookies, HSTS, a required SECRET_KEY).
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from casemgr.storage import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CASEMGR_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list, got {value!r}")
    return items


def env_url(name: str, schemes: set[str]) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with one of {allowed}, got {value!r}"
        )
    socket_only = parts.scheme == "unix" or "host=" in (parts.query or "")
    if not parts.hostname and not socket_only:
        raise ImproperlyConfigured(f"{name} has no host: {value!r}")
    return value


# --- Where the engines are ----------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", {"postgres", "postgresql", "pgsql"})
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
# Embedded mode: no DATABASE_URL, so this is somebody's laptop (make run / make test).
EMBEDDED = DATABASE_URL is None

if DATABASE_URL is None:
    from casemgr import embedded

    _pg, _ = embedded.ensure_postgres(VAR_DIR)
    DATABASE_URL = _pg.url()
if REDIS_URL is None:
    from casemgr import embedded

    _redis, _ = embedded.ensure_redis(VAR_DIR)
    REDIS_URL = _redis.url()

DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
if "host" in DATABASES["default"].get("OPTIONS", {}):  # a Unix socket directory
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if os.environ.get("DATABASE_NAME"):  # lets a test worker subprocess use the test database
    DATABASES["default"]["NAME"] = os.environ["DATABASE_NAME"]


# --- Core ---------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)


def _checked_secret_key(key: str) -> str:
    """Refuse a key that ``manage.py check --deploy`` would warn about (security.W009),
    by Django's own limits, so a weak key stops start-up instead of a warning."""
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        raise ImproperlyConfigured(
            f"SECRET_KEY must not start with {SECRET_KEY_INSECURE_PREFIX!r} (a key Django "
            "generated for development); generate a new random one"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long, got {len(key)}"
        )
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"SECRET_KEY must have at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different "
            f"characters, got {len(set(key))}"
        )
    return key


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return _checked_secret_key(key)
    if not EMBEDDED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set")
    # Embedded mode: a random key kept under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "accounts.views.errors.csrf_failure"

# HTTPS: on by default for a server, off for the embedded laptop run.
HTTPS = env_bool("HTTPS", not EMBEDDED)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from this site, nothing inline
# (no inline <script>, no style= attributes, no eval), no frames, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60, minimum=60)
# The session expires after inactivity, not after login: casemgr.sessions refreshes
# its expiry at most once a minute rather than rewriting it on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "guardian",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Backup codes: single-use static tokens, shown once (accounts.services).
    "django_otp.plugins.otp_static",
    "casemgr",
    "access",
    "accounts",
    "clients",
    "cases",
    "documents",
    "deadlines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casemgr.audit.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise: static files keep their cache headers; every other answer
    # gets Permissions-Policy, Cache-Control: no-store and the CSP.
    "casemgr.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # /healthz answers here, before anything that reads the database.
    "casemgr.middleware.HealthzMiddleware",
    "casemgr.sessions.IdleExpirySessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Hostile parameters, oversized bodies and forms refused before any view reads
    # them; InvalidParameters and RateLimited from a view rendered (casemgr.params).
    "casemgr.params.ParameterGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # The signed-in user's time zone for the rest of the request (pages, forms).
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A double click or a resent POST acts once (one-time form tokens).
    "casemgr.formtokens.FormTokenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes: last, so it sees the lockout flag set during authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casemgr.urls"
WSGI_APPLICATION = "casemgr.wsgi.application"

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
                "accounts.context_processors.navigation",
                "deadlines.context_processors.notifications",
            ],
        },
    },
]

# Form widgets render with the project's templates too (templates/<app>/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # The access kernel's backend (access/backends.py), before ModelBackend: the
    # firm-admin rule for model permissions (answered from the user's cached
    # roles, no permission query), and matter objects in one indexed query with
    # walls honoured; guardian keeps other objects.
    "access.backends.MatterPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sign-in security (accounts app) ------------------------------------------

# django-axes: AXES_FAILURE_LIMIT failed sign-ins for one email from one address
# lock that pair out for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit trail already
AXES_VERBOSE = False
# Two-factor (django-otp TOTP): required for firm admins, and for everyone when
# FirmSettings.require_two_factor is on. Only the test suite turns it off (so
# tests that are not about sign-in can use force_login); see tests/conftest.py.
# Not an environment variable: only the test suite switches it off (tests/conftest.py).
TWO_FACTOR_ENFORCED = True
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "casemgr")
OTP_TOTP_THROTTLE_FACTOR = 1
PASSWORD_RESET_TIMEOUT = env_int("INVITE_LINK_SECONDS", 60 * 60 * 24 * 3, minimum=3600)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
# The firm's own zone: how timestamps are shown and which "today" a user means.
FIRM_TIME_ZONE = env_str("FIRM_TIME_ZONE", "America/Los_Angeles")
try:
    ZoneInfo(FIRM_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"FIRM_TIME_ZONE must be an IANA time zone such as America/New_York, got {FIRM_TIME_ZONE!r}"
    ) from None
# Timestamps are stored in UTC (USE_TZ); pages, "today" and reminders use the firm's zone.
TIME_ZONE = FIRM_TIME_ZONE

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
if EMBEDDED:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing one
# Documents' files: the filesystem under MEDIA_ROOT, or an S3-compatible bucket
# when DOCUMENTS_S3_BUCKET is set (casemgr/storage.py, README "Documents").
STORAGES = {
    "default": default_storage_from_env(
        os.environ, media_root=env_str("MEDIA_ROOT", str(VAR_DIR / "documents"))
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Without collected static files (tests, a first run) serve from the finders.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
if WHITENOISE_USE_FINDERS:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1024)
# A form or JSON body (files aside) is at most this large, and a form has at most
# this many fields: the largest page (a contact with its four form sets at their
# maximum) sends ~600. More is refused with a 400 before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000, minimum=100)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Email --------------------------------------------------------------------

EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    try:
        globals().update(environ.Env.email_url_config(EMAIL_URL))
    except Exception as exc:  # django-environ raises several kinds on garbage
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {exc}") from None
else:
    # Embedded mode writes mail to var/mail so a developer can read it.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "casemgr <casemgr@localhost>")

# --- Redis: cache and Celery --------------------------------------------------


def _celery_url(url: str) -> str:
    # kombu and Celery's result backend spell a Unix socket "redis+socket://".
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://").replace("?db=", "?virtual_host=")
    return url


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "casemgr"),
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = _celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = _celery_url(REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"documents.tasks.*": {"queue": "heavy"}}
# Text extraction and PDF case summaries: their own queue (a worker started with
# -Q heavy --max-tasks-per-child, since WeasyPrint keeps memory).
DOCUMENTS_QUEUE = env_str("DOCUMENTS_QUEUE", "heavy")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "casemgr.tasks.heartbeat",
        "schedule": float(env_int("HEARTBEAT_SECONDS", 15, minimum=1)),
    },
    # The database is the schedule: each run sends whatever reminders are due.
    "deadline-reminders": {
        "task": "deadlines.tasks.reminder_sweep",
        "schedule": float(env_int("REMINDER_SWEEP_SECONDS", 300, minimum=10)),
    },
    # Webhook retries: the delivery rows are the schedule (accounts.webhooks).
    "webhook-sweep": {
        "task": "accounts.tasks.webhook_sweep",
        "schedule": float(env_int("WEBHOOK_SWEEP_SECONDS", 30, minimum=5)),
    },
}
# Plain-http webhook URLs to public hosts (https is required otherwise).
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", False)
# /healthz calls Celery unhealthy when the last heartbeat is older than this.
HEARTBEAT_MAX_AGE_SECONDS = env_int("HEARTBEAT_MAX_AGE_SECONDS", 90, minimum=5)

# --- REST framework -----------------------------------------------------------

REST_FRAMEWORK = {
    # Personal API tokens first (so an anonymous request gets 401 with
    # WWW-Authenticate: Bearer); the browser keeps its session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.tokens.ApiRateThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "casemgr.pagination.ApiPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "casemgr.schema.ErrorResponsesAutoSchema",
    "EXCEPTION_HANDLER": "casemgr.api.exception_handler",
}
# Per token (per user for a browser session, per address when anonymous), counted
# in Redis; a 429 carries Retry-After. "N/second|minute|hour|day"; "off" disables.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "1200/minute")
if API_RATE_LIMIT == "off":
    API_RATE_LIMIT = None
elif not re.fullmatch(r"[1-9][0-9]{0,6}/(s|sec|second|m|min|minute|h|hour|d|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured(
        f"API_RATE_LIMIT must look like 1200/minute (or off), got {API_RATE_LIMIT!r}"
    )

SPECTACULAR_SETTINGS = {
    "TITLE": "casemgr API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "The casemgr REST API, version 1, under /api/v1/ (the same operations answer "
        "under /api/ as aliases). Authenticate with a personal API token from your "
        "settings page: `Authorization: Bearer <token>`. Every error is JSON: "
        '`{"detail": ..., "code": ...}`, plus `errors` (field → messages) on a 400.'
    ),
    "PREPROCESSING_HOOKS": ["casemgr.api_urls.only_v1"],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; name the ones used by more than one serializer.
    "ENUM_NAME_OVERRIDES": {
        "ContactKindEnum": "clients.models.Contact.Kind",
        "PartyRoleEnum": "cases.models.Party.Role",
        "TeamRoleEnum": "cases.models.TeamMembership.Role",
        "NoteKindEnum": "cases.models.Note.Kind",
        "OfferSideEnum": "cases.models.Offer.Side",
        "OfferStatusEnum": "cases.models.Offer.Status",
        "WallKindEnum": "access.models.EthicalWall.Kind",
        "DeadlineKindEnum": "deadlines.models.Deadline.Kind",
        "FirmRoleEnum": "accounts.api.ROLE_CHOICES",
    },
}

# --- Rate limits (casemgr/ratelimit.py, counted in Redis by django-ratelimit) -------


def env_rate(name: str, default: str) -> str:
    """A rate such as "30/m" (per s, m, h or d); "off" turns the limit off."""
    value = os.environ.get(name, default).strip()
    if value.lower() == "off":
        return ""
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 30/m or off, got {value!r}")
    return value


RATE_LIMITS = {
    "conflict_check": env_rate("RATE_LIMIT_CONFLICT_CHECK", "30/m"),
    "search": env_rate("RATE_LIMIT_SEARCH", "60/m"),
    "export": env_rate("RATE_LIMIT_EXPORT", "10/m"),
    # The public online intake form: sendings per address (clients.online_views).
    "intake_form": env_rate("RATE_LIMIT_INTAKE_FORM", "10/h"),
}
RATELIMIT_ENABLE = env_bool("RATE_LIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
# Appended to each limit's name in its Redis key; only the tests change it, so that
# one test's counts do not reach into another's.
RATE_LIMIT_SALT = ""

# --- django-guardian ----------------------------------------------------------

ANONYMOUS_USER_NAME = None  # no anonymous user object: anonymous users see nothing
GUARDIAN_RAISE_403 = False

# --- Logging ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
