"""Settings, all from the environment.

SQLite in ./var by default so a fresh clone runs; PostgreSQL when DATABASE_URL says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LAMTHEO_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default)
    if value not in ("True", "False", "1", "0", "true", "false"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value in ("True", "1", "true")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("LAMTHEO_ALLOW_DEV_SECRET") != "1":
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=True for development).")
    SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "treebeard",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "lamtheo.core",
    "lamtheo.documents",
    "lamtheo.accounts",
    "lamtheo.org",
    "lamtheo.programs",
    "lamtheo.study",
    "lamtheo.exemplars",
    "lamtheo.evaluation",
    "lamtheo.notify",
    "lamtheo.oversight",
    "lamtheo.awards",
    "lamtheo.reports",
    "lamtheo.dashboard",
    "lamtheo.devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lamtheo.core.middleware.RequestSizeLimitMiddleware",
    "lamtheo.core.middleware.NulByteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lamtheo.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lamtheo.accounts.middleware.ScopeMiddleware",
    "lamtheo.core.replica.ReplicaMiddleware",
    "lamtheo.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Serves the collected, hashed static files in production; runserver does it in DEBUG.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "lamtheo.urls"
WSGI_APPLICATION = "lamtheo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "lamtheo.accounts.context_processors.roles",
            ],
        },
    }
]

# Database: SQLite file unless DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lamtheo.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no ./var yet; any command that opens the database (even
    # `makemigrations --check`) needs the folder the file lives in.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets pages read while the task worker writes an import.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The rates' plans cost enough to pass PostgreSQL's JIT thresholds, and compiling them
    # took 350–450 ms of a 0.5 s query (BENCHMARKS.md, issue 4); our queries are short OLTP
    # and report queries that JIT does not speed up.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# A PostgreSQL streaming replica (hot standby) for the heavy read-only pages: rates, rollups,
# overviews, exports (lamtheo.core.replica; docs/scale.md). Reads of a browser that has just
# written stay on the primary for REPLICA_STICKY_SECONDS.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests: the replica serves the test database the primary creates and streams to it;
    # Django must not create or flush it there (a standby is read-only).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["lamtheo.core.replica.ReplicaRouter"]
REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The history of units and people is an audit trail: the admin shows it and cannot revert it
# (a revert would write around the services that keep the counts and checks).
SIMPLE_HISTORY_REVERT_DISABLED = True

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        # A file cache is shared by the web process and the task worker (import progress).
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "lamtheo.accounts.backends.EmailOrPhoneBackend",
]
# Activation codes for accounts made for people (lamtheo.accounts.activation). Not set by any
# rule: a month covers the next cell meeting, where the secretary hands the slips out.
ACTIVATION_CODE_DAYS = int(os.environ.get("ACTIVATION_CODE_DAYS", "30"))
ACTIVATION_MAX_FAILURES = 5  # wrong codes for one account, then the code is void
ACTIVATION_MAX_FAILURES_PER_IP = 30  # wrong codes from one address per window, then refused
ACTIVATION_IP_WINDOW = 3600  # seconds
# Time-based one-time codes for administrators, office and inspectors (lamtheo.accounts.twofactor).
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", "False")
# Years after leaving before a person's record is anonymised (anonymise_leavers). Data, not
# law: no source fixes it for Party records; set it to the organisation's rule.
PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("PERSONAL_DATA_RETENTION_YEARS", "10"))
# Days an uploaded import spreadsheet (every column of the people it imported) is kept for
# checking the import, before anonymise_leavers deletes the file. A choice, not law.
IMPORT_FILE_RETENTION_DAYS = int(os.environ.get("IMPORT_FILE_RETENTION_DAYS", "365"))
OTP_TOTP_ISSUER = "lamtheo"
# The browser's address comes from the proxy's header when the request comes from a trusted
# proxy (nginx on the same machine by default); see lamtheo/core/clientip.py.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For")
TRUSTED_PROXIES = set(envlist("TRUSTED_PROXIES", "127.0.0.1,::1"))
AXES_CLIENT_IP_CALLABLE = "lamtheo.core.clientip.client_ip"
# Failures count per account *and* address: an attacker locks themselves out of the account
# they guess at, while its owner (from their own address) still signs in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "lamtheo.accounts.backends.axes_username"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language, time, formats.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lamtheo.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lamtheo.core.staticfinders.VendorFinder",
]
# Only what the templates load from node_modules (with the source maps the minified files
# name): publishing Tabler's whole dist breaks the manifest storage on maps it does not ship.
VENDOR_STATIC_FILES = {
    "vendor/tabler": (
        BASE_DIR / "node_modules/@tabler/core/dist",
        ["css/tabler.min.css", "css/tabler.min.css.map"]
        + ["js/tabler.min.js", "js/tabler.min.js.map"],
    ),
    "vendor/htmx": (BASE_DIR / "node_modules/htmx.org/dist", ["htmx.min.js"]),
    # The common build (bar, line, pie, grid, tooltip, legend): all the dashboards draw.
    "vendor/echarts": (BASE_DIR / "node_modules/echarts/dist", ["echarts.common.min.js"]),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# What an import may expand to when opened (an XLSX is a zip of XML) and its rows: a 100,000-
# person file (the bench's) is well inside both.
IMPORT_MAX_EXPANDED_BYTES = int(os.environ.get("IMPORT_MAX_EXPANDED_BYTES", str(300 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
# The largest request body accepted at all: the largest upload (an import) and its form around
# it. nginx's client_max_body_size should say the same (docs/operations.md).
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(IMPORT_MAX_BYTES + 1024 * 1024)))

# Email: SMTP in production, to EMAIL_HOST or the server's own mail transfer agent (localhost:25,
# as Django has always defaulted); printed on the console in development unless EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lamtheo@localhost")
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "False"),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Notifications (lamtheo.notify): email goes out when EMAIL_HOST is set, Zalo when its app id,
# secret and a first refresh token are; an unset channel is off and the pages say so.
NOTIFY_EMAIL = bool(os.environ.get("EMAIL_HOST"))
NOTIFY_MAIL_DOMAIN = os.environ.get("NOTIFY_MAIL_DOMAIN", "lamtheo.localhost")
NOTIFY_ZALO = {
    key: os.environ[f"ZALO_{key}"]
    for key in (
        "APP_ID",
        "APP_SECRET",
        "OA_ID",
        "REFRESH_TOKEN",
        "ZNS_TEMPLATE_ID",
        "ZNS_REMINDER_TEMPLATE_ID",
        "ZNS_PARAMS",
        "ZNS_MODE",
        "OAUTH_URL",
        "OPENAPI_URL",
        "BUSINESS_URL",
        "TIMEOUT",
    )
    if os.environ.get(f"ZALO_{key}")
}
# The webhook Zalo posts OA events to (/notify/zalo/webhook/) is verified with the OA's own
# webhook secret key (ZALO.md §5: which key Zalo uses is not settled, so it is a setting of its
# own); without it the webhook refuses everything.
NOTIFY_ZALO_WEBHOOK_SECRET = os.environ.get("ZALO_WEBHOOK_SECRET", "")

# Reminders (đôn đốc, `manage.py send_reminders`): where they come from, one function per
# feature, each yielding what is due now (lamtheo.notify.reminders). The inspection findings'
# deadlines will add theirs here.
# What each feature holds about a person, for their own-data download (org.own_data): org
# cannot import the features, so they are named here, as the reminders' sources are.
PERSONAL_DATA_SOURCES = [
    "lamtheo.programs.personal_data.personal_data",
    "lamtheo.study.personal_data.personal_data",
    "lamtheo.study.personal_data.self_study",
    "lamtheo.exemplars.personal_data.personal_data",
    "lamtheo.evaluation.personal_data.personal_data",
    "lamtheo.awards.personal_data.personal_data",
    "lamtheo.notify.personal_data.personal_data",
]
# What each app scrubs of a person when retention anonymises them (org.retention,
# `anonymise_leavers`): free text by or about them, photos, addresses. Same reason as above.
PERSONAL_DATA_RETENTION = [
    "lamtheo.programs.retention.scrub",
    "lamtheo.study.retention.scrub",
    "lamtheo.exemplars.retention.scrub",
    "lamtheo.evaluation.retention.scrub",
    "lamtheo.awards.retention.scrub",
    "lamtheo.notify.retention.scrub",
]
NOTIFY_REMINDER_SOURCES = [
    "lamtheo.programs.reminders.due",
    "lamtheo.study.reminders.due",
    "lamtheo.evaluation.reminders.due",
    "lamtheo.oversight.reminders.due",
]
# None of these is set by a rule: they are defaults an operator may change (docs/operations.md).
# Reminders wait outside these local hours for people who set no quiet hours of their own.
NOTIFY_QUIET_HOURS = os.environ.get("NOTIFY_QUIET_HOURS", "21:00-07:00")
# Days before a window closes (registration, self-assessment, mid-year review) to remind.
NOTIFY_REMINDER_LEAD_DAYS = int(os.environ.get("NOTIFY_REMINDER_LEAD_DAYS", "3"))
# Hours before a study session to remind its invitees.
NOTIFY_SESSION_LEAD_HOURS = int(os.environ.get("NOTIFY_SESSION_LEAD_HOURS", "24"))
# Hours an excuse may wait for a decision before its deciders are reminded.
NOTIFY_EXCUSE_WAIT_HOURS = int(os.environ.get("NOTIFY_EXCUSE_WAIT_HOURS", "24"))
# A unit lags, and its secretary is reminded too, when at least this share of its people are
# still behind at a window's last reminder.
NOTIFY_LAGGING_SHARE = float(os.environ.get("NOTIFY_LAGGING_SHARE", "0.2"))

# Security.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
if envbool("SECURE", "False"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PAGE_SIZE = 50
DOCUMENT_PLACE = os.environ.get("DOCUMENT_PLACE", "Hà Nội")  # "Hà Nội, ngày … tháng … năm …"
