"""Settings shared by every environment; each value comes from the environment.

See .env.example for every variable. With nothing set the portal runs on a SQLite
file and Celery executes tasks eagerly in the web process (the embedded default).
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "guardian",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.core",
    "apps.accounts",
    "apps.organizations",
    "apps.audit",
    "apps.questions",
    "apps.participants",
    "apps.pairs",
    "apps.roadmap",
    "apps.documents",
    "apps.orders",
    "apps.teachers",
    "apps.surveys",
    "apps.events",
    "apps.library",
    "apps.assignments",
    "apps.partners",
    "apps.public",
    "apps.reminders",
    "apps.monitoring",
    "apps.regional",
    "apps.demo",
    "apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.accounts.middleware.SessionIdleRefreshMiddleware",
    "apps.accounts.middleware.RussianFirstLocaleMiddleware",
    # Before anything reads the body (CSRF reads a POST's form): refuses an oversized one.
    "apps.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LoginRequiredMiddleware, the view's login_not_required read first.
    "apps.accounts.middleware.ViewFirstLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.accounts.middleware.NoStoreMiddleware",
    # The one place that resolves the tenant from the URL; see docs/ARCHITECTURE.md.
    "apps.organizations.middleware.TenantMiddleware",
    # Axes must be last: it turns lockouts raised in the views into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring_portal.urls"
WSGI_APPLICATION = "mentoring_portal.wsgi.application"
ASGI_APPLICATION = "mentoring_portal.asgi.application"

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
                "apps.organizations.context_processors.tenant",
                "apps.reminders.context_processors.unread_count",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url


def database_from_env(**default) -> dict:
    """DATABASE_URL with what every environment wants: a transaction per request and, on
    PostgreSQL, no JIT (it compiles the dashboards' aggregates for ~0.8 s to save milliseconds;
    docs/PERFORMANCE.md)."""
    database = env.db("DATABASE_URL", **default)
    database["ATOMIC_REQUESTS"] = True
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return database


DATABASES = {"default": database_from_env(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before they are checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # a new colleague has three days to set a password

# Sessions end after a period of inactivity: an active session is written back at most once a
# minute (apps.accounts.middleware.SessionIdleRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock by username and IP together so that nobody can lock a colleague
# out from another machine, and unlock by itself after the cool-off time.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind N reverse proxies the client's address is the N-th from the right in
# X-Forwarded-For: each proxy appends the address it was called from (nginx:
# $proxy_add_x_forwarded_for), and the last one's own address is REMOTE_ADDR. With none,
# REMOTE_ADDR. Without this every sign-in would seem to come from the proxy and the lockout
# would become one per username. django-ipware counts only the proxies whose addresses are
# in the header (N - 1), and takes that position whatever a client wrote before it (not
# strict: a forged "X-Forwarded-For: 1.2.3.4" only adds an entry on the left).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
IPWARE_STRICT = False

# django-guardian: object-level grants, used after the tenant check.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Consent scans, uploaded questionnaires and other personal files: outside MEDIA_ROOT, never
# served by URL, only by views that check who asks.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
# Uploads: every form takes files of at most 10 MB (imports, consent scans, evidence, order
# attachments). A request body above MAX_REQUEST_BODY_SIZE (a 10 MB file, the multipart framing
# and the form's fields) is refused with 413 from its Content-Length before it is read
# (apps.core.middleware); the HTTPS proxy should cut it off first (README.md). Form fields
# without files may take DATA_UPLOAD_MAX_MEMORY_SIZE (an order's text is a few dozen KB).
MAX_UPLOAD_FILE_SIZE = 10 * 1024 * 1024
MAX_REQUEST_BODY_SIZE = MAX_UPLOAD_FILE_SIZE + 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@mentoring.local")
# The portal's own address: links in e-mails and PDFs are absolute, built on it
# (a letter is sent by a worker, with no request to read the host from).
PORTAL_URL = env("PORTAL_URL", default="http://localhost:8000").rstrip("/")

# --- Celery -------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# With no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a job of a killed worker goes back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task is bounded: the soft limit raises in the task (it records its failure), the hard
# one kills it. PDF renders and imports have their own, shorter limits (150 s hard:
# apps/documents/tasks.py, apps/participants/tasks.py); nothing else comes close to these.
CELERY_TASK_TIME_LIMIT = 4 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 3 * 60 + 30
# A job whose worker died (kill -9, the out-of-memory killer) was never acknowledged
# (acks_late): Redis hands it out again once the visibility timeout has passed since its
# delivery. Five minutes, so that a PDF or an import of a dead worker is redone within
# minutes, not after an hour (it was 3,600 s). Above the longest hard time limit (240 s), so
# that a job still running is never delivered a second time; tests/test_celery_settings.py
# holds every task's limit under it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=5 * 60)}
# Memory: a pool process that has grown past this (KiB) is replaced after its task, and none may
# ever take more than WORKER_MEMORY_LIMIT_MB of address space (mentoring_portal/celery.py).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400 * 1024
WORKER_MEMORY_LIMIT_MB = env.int("WORKER_MEMORY_LIMIT_MB", default=2048)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "apps.accounts.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "apply-personal-data-retention": {
        "task": "apps.participants.tasks.apply_personal_data_retention",
        "schedule": 24 * 60 * 60,
    },
    # Hourly: each run serves the organisations where it is 07:00 (07:xx) of their own time
    # zone (Organization.time_zone); a missed hour is made up by the next run, and a doubled
    # run stores and sends nothing twice (apps/reminders/services.py).
    "send-daily-reminders": {
        "task": "apps.reminders.tasks.send_daily_reminders",
        "schedule": 60 * 60,
        "options": {"expires": 30 * 60},
    },
    # The targets of the running quarter: the trends, and the committee's dashboard.
    "take-target-snapshots": {
        "task": "apps.monitoring.tasks.take_target_snapshots",
        "schedule": 60 * 60,
    },
    # The reports of the quarter (and year) just ended; the task acts in a quarter's first days only.
    "generate-due-reports": {
        "task": "apps.monitoring.tasks.generate_due_reports",
        "schedule": 24 * 60 * 60,
    },
    # PDF and import jobs the broker refused (it was down) or lost are sent again once they
    # have waited a few minutes; a job sent twice does its work once.
    "resend-stuck-documents": {
        "task": "apps.documents.tasks.resend_stuck_documents",
        "schedule": 2 * 60,
        "options": {"expires": 2 * 60},
    },
    "resend-stuck-imports": {
        "task": "apps.participants.tasks.resend_stuck_imports",
        "schedule": 2 * 60,
        "options": {"expires": 2 * 60},
    },
}
# Days between a revoked consent (or a participant leaving) and the removal of the
# personal data; the law allows 30, the margin lets a mistaken click be undone.
PERSONAL_DATA_GRACE_DAYS = env.int("PERSONAL_DATA_GRACE_DAYS", default=7)
# A pair with no meeting for this many days is flagged as inactive on the board.
PAIR_INACTIVE_DAYS = env.int("PAIR_INACTIVE_DAYS", default=21)

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- The REST API (apps/api) -----------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/ · https://drf-spectacular.readthedocs.io/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["apps.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mentoring portal API",
    "DESCRIPTION": "Organisations' and committees' data for regional and school information systems.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # A signed-in person keeps their session on the schema and docs (NoStoreMiddleware applies).
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from static (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` or a `status`: each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "apps.pairs.models.Meeting.Kind",
        "OrderKindEnum": "apps.orders.models.Kind",
        "ParticipantStatusEnum": "apps.participants.models.Status",
        "PairStatusEnum": "apps.pairs.models.Pair.Status",
        "ActivityStatusEnum": "apps.roadmap.models.Activity.Status",
        "OrderStatusEnum": "apps.orders.models.Order.Status",
    },
}
# Requests per token per window (429 with Retry-After beyond), counted in Redis.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_WINDOW = env.int("API_RATE_WINDOW", default=60)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}

# Content-Security-Policy (django-csp), the same in every environment, so that the browser
# tests see what production sends: scripts and styles from the portal's own static files only
# (the vendored Bootstrap, htmx and Chart.js, static/js/*.js), no inline script or style
# attribute (pages use data- attributes read by static/js/portal.js; htmx's indicator CSS is
# in portal.css), images from itself and data: URIs (Bootstrap's icons), no plugins, no framing.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the browser features the portal never uses
# are refused to it and to anything it would embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Logging ------------------------------------------------------------------
# Logs name users by id and username only: nothing personal about participants.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
