"""Settings for Minerals Tracker, read from the environment (12-factor).

Every variable is listed in README.md, "Configuration".
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tracker import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TRACKER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Fail fast: a production process must never run on a guessable key.
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Absolute base for links in e-mails, feeds and calendars (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "accounts",
    "agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "agreements.middleware.QueryStringLimitMiddleware",
    # Inside every middleware that adds headers or cookies: cached pages still get them fresh.
    "agreements.caching.ReadCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Tests and production set DATABASE_URL. Without it: the embedded PostgreSQL server of `make run`,
# data in var/postgres/ (tracker/embedded_db.py starts it; here we only learn where it listens).
EMBEDDED_DATABASE = not os.environ.get("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        embedded_db.url(VAR_DIR) if EMBEDDED_DATABASE else os.environ["DATABASE_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# No JIT: its compile time (seconds) dwarfs our queries (milliseconds). The outcome's CASE repeats
# its evidence subqueries in every WHEN, so the planner's cost estimate passes jit_above_cost on a
# few thousand rows: the dashboard's "outcomes changed" took 3.3 s with JIT, 0.45 s without.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every web process when CACHE_URL points at Redis (API throttle counters, the bodies
# of cached reads: agreements/caching.py); per-process memory otherwise (`make run`).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Sign-in protection (django-axes; README, "Security and reliability") ---
# The lockout check first; allauth's backend (a ModelBackend) then checks the password of a user
# name or an e-mail address.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# After LOGIN_FAILURE_LIMIT failures for one user name (from anywhere) or from one client address
# (for any user names), sign-in is refused for LOGIN_COOLOFF_MINUTES after the last failure.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts during a lockout are refused unchecked and don't extend it (nobody keeps a user locked
# forever); a success doesn't wipe the failures (a valid account can't reset its address's count).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_ENABLE_ADMIN = False  # accounts/admin.py registers axes' admin classes, actions behind permissions
AXES_VERBOSE = False  # no start-up banner in every manage.py run; failures and lockouts are still logged
# A sign-in by e-mail address counts against the account's user name: both spellings share one lock.
AXES_USERNAME_CALLABLE = "accounts.network.lockout_username"
# Proxies in front of the app that append to X-Forwarded-For (0: the client is REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The password-reset form: requests per client address, mails per e-mail address.
PASSWORD_RESET_RATE_IP = os.environ.get("PASSWORD_RESET_RATE_IP", "10/hour")
PASSWORD_RESET_RATE_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_ADDRESS", "3/hour")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
# --- Watchers' accounts (django-allauth, account app only; README "Accounts for watchers") ---
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Signing in works before the address is confirmed; watch e-mails wait for the confirmation
# (accounts/watchers.py). The link's GET shows a button, the POST confirms (mail scanners open links).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False  # signed in, /accounts/login/ still shows the form (as before)
ACCOUNT_SESSION_REMEMBER = True  # as Django's sign-in did: the session outlives the browser
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Minerals Tracker: "
ACCOUNT_RATE_LIMITS = {
    # django-axes alone limits sign-in (shared with /admin/login/, README "Sign-in and API tokens").
    "login": False,
    "login_failed": False,
    # Sign-ups per client address; confirmation mails per address (allauth: amount/period/key).
    "signup": os.environ.get("SIGNUP_RATE", "10/h/ip"),
    "confirm_email": os.environ.get("CONFIRMATION_MAIL_RATE", "1/3m/key,5/d/key"),
    "manage_email": "10/m/user",
}

LOCALE_PATHS = [BASE_DIR / "locale"]
# "Today" for every deadline rule is the date in this zone.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# E-mail: printed to the console unless a backend is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Minerals Tracker <tracker@localhost>")

# --- Security (production: DJANGO_DEBUG=0 behind a TLS-terminating proxy) ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# /healthz is probed over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Everything from this origin, nothing inline unless a template carries the per-response nonce
# (`nonce="{{ request.csp_nonce }}"`; the header names the nonce only on responses that use it)
# or the exact text is hashed below. Verified in headless Chromium on the admin, the API docs
# and the analyst pages (tests/reliability/test_headers.py).
CSP_INLINE_STYLE_HASHES = [
    "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='",  # the <style> of drf-spectacular's swagger_ui.html
]
CSP_INLINE_STYLE_ATTRIBUTE_HASHES = [
    "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",  # style="border-top: 0": simple-history's history page
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE, *CSP_INLINE_STYLE_HASHES],
        # Style attributes only with an exact hash ('unsafe-hashes' permits hashes, nothing else).
        "style-src-attr": ["'unsafe-hashes'", *CSP_INLINE_STYLE_ATTRIBUTE_HASHES],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- REST API ---
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous write a 401 (not a 403).
    # Hashed, named, expiring tokens (accounts/models.py), still sent as `Authorization: Token KEY`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # JSON everywhere; the resource viewsets add `?format=csv` on their list and detail reads.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
    ],
    # JSON bodies only: form encodings cannot carry nested lists (an agreement's parties,
    # milestones, sources) and would drop them silently; anything else is a 415.
    "DEFAULT_PARSER_CLASSES": [
        "agreements.api.parsers.BoundedJSONParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",  # APIClient sends what the API accepts
    "DEFAULT_PAGINATION_CLASS": "agreements.api.pagination.StandardPagination",
    "EXCEPTION_HANDLER": "agreements.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "agreements.api.schema.TrackerAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # The anonymous throttle keys on the client address: without this DRF takes the whole
    # client-written X-Forwarded-For header, so a client could pick a fresh bucket per request.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "1000/hour"),
        "user": os.environ.get("API_THROTTLE_USER", "10000/hour"),
    },
    "DATE_FORMAT": "iso-8601",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Minerals Tracker API",
    "DESCRIPTION": (
        "International critical-minerals agreements, their instruments, milestones and projects.\n\n"
        "Reads are open; writes need `Authorization: Token <key>` (or a session) and the model permission. "
        "Lists are paginated (`page`, `page_size` up to 200), accept several values per filter "
        "(`?party=us&party=jp` means either), `search`, `ordering`, `updated_since` and `format=csv` (details too). "
        "Every GET answers with an `ETag`; send it back in `If-None-Match` to get 304 when nothing changed "
        "(details also carry `Last-Modified`, the object's own last change, for information). "
        'Bad input is a 400 with `{"field": ["message", ...]}`; request bodies are JSON '
        "(anything else is a 415), and every error is JSON, whatever `format` asked for."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "agreements.api.schema.postprocess_blank_uris",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "agreements.choices.AgreementKind",
        "AgreementStatusEnum": "agreements.choices.AgreementStatus",
        "MilestoneStatusEnum": "agreements.choices.MilestoneStatus",
        "MilestoneKindEnum": "agreements.choices.MilestoneKind",
        "PartyKindEnum": "agreements.choices.PartyKind",
        "PartyRoleEnum": "agreements.choices.PartyRole",
        "InstrumentKindEnum": "agreements.choices.InstrumentKind",
        "ProjectStatusEnum": "agreements.choices.ProjectStatus",
        "PermitStatusEnum": "agreements.choices.PermitStatus",
        "OfftakeStatusEnum": "agreements.choices.OfftakeStatus",
        "ReviewStatusEnum": "agreements.choices.ReviewStatus",
        "AmountQualifierEnum": "agreements.choices.AmountQualifier",
    },
}

# --- Celery ---
# Embedded default: kombu's filesystem transport, no server needed (make run).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange tables; kombu's default is ./control in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Daily overdue check, "HH:MM" in TIME_ZONE; admins can pause or move it in the admin.
OVERDUE_CHECK_TIME = os.environ.get("OVERDUE_CHECK_TIME", "06:00")
_check_hour, _check_minute = OVERDUE_CHECK_TIME.split(":")
CELERY_BEAT_SCHEDULE = {
    "flag-overdue-milestones": {
        "task": "agreements.tasks.flag_overdue_milestones",
        "schedule": crontab(hour=int(_check_hour), minute=int(_check_minute)),
    },
    # Weekly, on Mondays at the same time: overdue commitments nobody checked lately, to editors.
    "send-editor-digest": {
        "task": "agreements.tasks.send_editor_digest",
        "schedule": crontab(day_of_week="mon", hour=int(_check_hour), minute=int(_check_minute)),
    },
}
# The editor digest lists overdue commitments last checked more than this many days ago (or never).
EDITOR_DIGEST_STALE_DAYS = int(os.environ.get("EDITOR_DIGEST_STALE_DAYS", "30"))
# Days before a deadline at which watchers get one reminder.
DEADLINE_REMINDER_DAYS = int(os.environ.get("DEADLINE_REMINDER_DAYS", "14"))
