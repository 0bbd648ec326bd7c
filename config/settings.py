"""Settings for Ontwikkelwijzer, all read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, env_bool, env_int, env_list, env_str
from ontwikkelwijzer.core.cache_url import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

# The development key is public (it is written here), so only DEBUG runs on it: without DEBUG the app
# refuses to start on it, and `check --deploy` fails on any public key (ontwikkelwijzer.privacy.checks).
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY in the environment (or DEBUG=true for development)."
        + (" ALLOW_DEV_SECRET_KEY is no longer read." if env_str("ALLOW_DEV_SECRET_KEY") else "")
    )
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is the public development key, which only runs with DEBUG=true. "
        "Set SECRET_KEY to a long random value of your own."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Our apps in the order of their layers (docs/architecture.md): each imports only the ones above it.
    "ontwikkelwijzer.core",
    "ontwikkelwijzer.accounts",
    "ontwikkelwijzer.teams",
    "ontwikkelwijzer.framework",
    "ontwikkelwijzer.scan",
    "ontwikkelwijzer.plans",
    "ontwikkelwijzer.workfield",
    "ontwikkelwijzer.notifications",
    "ontwikkelwijzer.overviews",
    "ontwikkelwijzer.api",
    "ontwikkelwijzer.privacy",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ontwikkelwijzer.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ontwikkelwijzer.core.middleware.UploadLimitMiddleware",  # before anything reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ontwikkelwijzer.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "ontwikkelwijzer.overviews.stats.StatsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Django's form renderer with its field, label, error and input templates as string building (same HTML).
FORM_RENDERER = "ontwikkelwijzer.core.form_renderer.PythonFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ontwikkelwijzer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ontwikkelwijzer.teams.context.roles",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL"), Path(env_str("SQLITE_PATH") or VAR_DIR / "db.sqlite3")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": the write-ahead log lets
    # readers go on while one writes, every transaction takes the write lock when it begins (a transaction
    # that first reads and then writes cannot wait for the lock once it has read), and a writer waits up
    # to 20 seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account/address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # a teacher lands on their start page
LOGOUT_REDIRECT_URL = "home"

# Single sign-on through OpenID Connect (ontwikkelwijzer.accounts.oidc): on when a client id is set.
# The endpoints are in the provider's /.well-known/openid-configuration. Local accounts keep working.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "SURFconext")  # on the button: "Inloggen via ..."
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/account/inloggen/?sso=mislukt"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so single sign-on needs {', '.join(_missing)} too."
        )
    AUTHENTICATION_BACKENDS.append("ontwikkelwijzer.accounts.oidc.SchoolOIDCBackend")

# Login throttling (django-axes, ontwikkelwijzer.accounts.throttle), per client network (an IPv4 address,
# an IPv6 /64): after LOGIN_FAILURE_LIMIT failed attempts for one e-mail address from one client network,
# sign-in to that account from there is refused for AXES_COOLOFF_MINUTES; after LOGIN_FAILURE_LIMIT_PER_IP
# failures from one client network over all accounts, so is sign-in to every account that has not signed in
# successfully from there before; after LOGIN_FAILURE_LIMIT_PER_ACCOUNT failures for one e-mail address over
# all networks (an IPv6 home has hundreds of /64s), so is sign-in to that account from every network it has
# not signed in from successfully before.
LOGIN_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_IP = env_int("AXES_FAILURE_LIMIT_PER_IP", 30)
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env_int("AXES_FAILURE_LIMIT_PER_ACCOUNT", 20)
AXES_FAILURE_LIMIT = "ontwikkelwijzer.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the e-mail address
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = False  # the successful sign-ins: the throttle asks who signed in from where before
# The client address (django-ipware, through axes): behind PROXY_COUNT reverse proxies that each add the
# address they got the request from to X-Forwarded-For, the entry the outermost proxy added; whatever the
# client wrote in the header itself stands further left and is ignored. Without proxies: REMOTE_ADDR.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
_FORWARDED_FOR = ("HTTP_X_FORWARDED_FOR",) if PROXY_COUNT else ()
AXES_IPWARE_META_PRECEDENCE_ORDER = (*_FORWARDED_FOR, "REMOTE_ADDR")
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None  # ipware counts the proxies after it
IPWARE_STRICT = False  # a longer header (a client's own entries) still yields the entry of our proxy

# Sign-up confirmation links work this long (and once).
EMAIL_CONFIRMATION_TIMEOUT = env_int("EMAIL_CONFIRMATION_DAYS", 3) * 24 * 3600

# Group means of self-scans are published as a snapshot, at most once per this many days and only when
# two new scans change a group (overviews/snapshots.py), so nobody works out one person's answers.
SCAN_SNAPSHOT_DAYS = env_int("SCAN_SNAPSHOT_DAYS", 7)
# What a teacher deletes from their plan (an activity, a log entry) stays in their trash this many days,
# restorable; `manage.py purge_expired` (daily, from cron) then deletes it with its evidence files. Taking
# activities over from the school year before can be undone as long.
TRASH_DAYS = env_int("TRASH_DAYS", 30)
# Someone the school marked as having left loses access at once; when they are in no other school, their
# account and everything in it is kept this many days (two years by default: long enough for questions
# about their last yearly conversation and bekwaamheidsdossier, and for a colleague rehired within that
# time) and then deleted by `manage.py purge_expired`.
LEAVER_RETENTION_DAYS = env_int("LEAVER_RETENTION_DAYS", 730)
# Mails for sign-up and password reset, per window: at most ACCOUNT_MAILS_PER_ADDRESS to one mailbox (every
# spelling of an address that reaches it counts as one) asked for from one client network (an IPv4 address,
# an IPv6 /64), ACCOUNT_MAILS_PER_ADDRESS_ALL to one mailbox in all, not counting those asked for from a
# network the account signed in from successfully before, and ACCOUNT_MAILS_PER_IP asked for from one client
# network; the pages answer the same either way (ontwikkelwijzer.accounts.throttle).
ACCOUNT_MAILS_PER_ADDRESS = env_int("ACCOUNT_MAILS_PER_ADDRESS", 3)
ACCOUNT_MAILS_PER_ADDRESS_ALL = env_int("ACCOUNT_MAILS_PER_ADDRESS_ALL", 10)
ACCOUNT_MAILS_PER_IP = env_int("ACCOUNT_MAILS_PER_IP", 30)
ACCOUNT_MAIL_WINDOW_MINUTES = env_int("ACCOUNT_MAIL_WINDOW_MINUTES", 60)
ACCOUNT_THROTTLE_CACHE = "throttle"  # in CACHES: a table in the database, shared by all app processes

# Mail (Django's MAILERS): SMTP to EMAIL_HOST; without one, the console in development and the local
# mail server (localhost:25) otherwise, like Django's own default.
_smtp_host = env_str("EMAIL_HOST")
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if DEBUG and not _smtp_host
    else {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp_host or "localhost",
            "port": env_int("EMAIL_PORT", 587 if _smtp_host else 25),
            "username": env_str("EMAIL_HOST_USER") or "",
            "password": env_str("EMAIL_HOST_PASSWORD") or "",
            "use_tls": env_bool("EMAIL_USE_TLS", bool(_smtp_host)),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Ontwikkelwijzer <noreply@localhost>"
# The address people reach the app on, for links in e-mails sent by commands (no request to take it from).
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
# `manage.py send_reminders` (daily, from cron) asks people to reflect from this day (MM-DD) to 31 July.
REMINDER_YEAR_END_FROM = env_str("REMINDER_YEAR_END_FROM") or "06-15"
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules, in the site's words (ontwikkelwijzer/accounts/passwords.py).
    {"NAME": "ontwikkelwijzer.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "ontwikkelwijzer.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "ontwikkelwijzer.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "ontwikkelwijzer.accounts.passwords.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "ontwikkelwijzer" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed file names (run collectstatic first) unless DEBUG; the test suite's live server finds
        # static files by their plain names, so `make test` sets STATIC_MANIFEST=false.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# The largest file any upload takes (evidence: plans.constants.MAX_UPLOAD_BYTES). A larger one is refused
# while it comes in, before it is read whole (ontwikkelwijzer.core.middleware.UploadLimitHandler); the
# reverse proxy's limit (nginx: client_max_body_size) should be a little above it plus the form fields.
UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024
MEDIA_URL = "/media/"

# The framework file loaded by `make run` and shown by the catalogue; the newest version when empty.
FRAMEWORK_FILE = Path(env_str("FRAMEWORK_FILE") or BASE_DIR / "framework" / "bgd-2026-04.yaml")
FRAMEWORK_VERSION = env_str("FRAMEWORK_VERSION") or None

# Public pages and API answers (the same for every visitor without a session) are cached.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 3600)
# How long a process trusts that the framework shown is unchanged before asking the database again: with
# several app processes, the longest any of them shows the framework from before a load_framework.
FRAMEWORK_MARKER_SECONDS = env_int("FRAMEWORK_MARKER_SECONDS", 5)
_THROTTLE_TABLE = "accounts_throttle"  # made by the accounts migrations
CACHES = {
    # Where the cached pages live (ontwikkelwijzer.core.cache_url): each process's memory by default;
    # with several app processes, a cache they share: CACHE_URL=db:// (a table in the database, made by
    # migrate) or redis://host:6379/0 (docs/deployment.md, "Several app servers: a shared cache").
    "default": cache_from_url(
        env_str("CACHE_URL"),
        max_entries=env_int("CACHE_MAX_ENTRIES", 2000),
        taken_tables=frozenset({_THROTTLE_TABLE}),
    ),
    # Throttling counters (accounts.throttle): always the database, whatever CACHE_URL says.
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": _THROTTLE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

# Security: headers on every response, in development too.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ontwikkelwijzer.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
