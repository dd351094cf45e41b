"""Settings shared by every environment. Environment-specific modules import * from here."""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, VAR_DIR, env
from config.settings.integrations.cache import *  # noqa: F403
from config.settings.integrations.channels import *  # noqa: F403
from config.settings.integrations.email import *  # noqa: F403
from config.settings.integrations.storage import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "officina.organisations.admin_apps.OfficinaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "template_partials",
    "bootstrap_italia_template",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "officina.common",
    "officina.accounts",
    "officina.organisations",
    "officina.audit",
    "officina.pages",
    "officina.notifications",
    "officina.realtime",
    "officina.boards",
    "officina.scrum",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself, already compressed (decision 0031).
    "officina.common.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "officina.organisations.middleware.ActorMiddleware",
    "officina.organisations.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "officina.organisations.context_processors.shell",
                "officina.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Threads per server process that run HTTP requests (config/asgi.py, decision 0022); keep it at
# most DATABASE_POOL_MAX_SIZE, or requests wait for a database connection.
OFFICINA_HTTP_THREADS = env.int("OFFICINA_HTTP_THREADS", default=10)

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'officina.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Under ASGI every request runs in a thread of its own, so persistent per-thread connections
    # pile up until PostgreSQL refuses more (seen at 100 under load). A pool per process bounds
    # them; Django's pool needs CONN_MAX_AGE 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _pool_max_size = env.int("DATABASE_POOL_MAX_SIZE", default=10)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        # One open connection per request thread: the pool closes connections above its
        # minimum after 10 idle minutes, and the first burst after a quiet spell then waited
        # 5-15 ms for each new one (decision 0033).
        "min_size": env.int(
            "DATABASE_POOL_MIN_SIZE", default=min(OFFICINA_HTTP_THREADS, _pool_max_size)
        ),
        "max_size": _pool_max_size,
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Pluggable: LDAP/OIDC backends are added here in a later issue.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no self sign-up, TOTP, rate limits on failed logins.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "officina.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# The e-mail address is the identity the organisation gave (admin or import): one, not self-changed.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
# Failed sign-ins (decision 0028): per account, checked before the password, and per address,
# counting only failures and checked after it, so a shared router never locks out a right password.
OFFICINA_LOGIN_FAILED_ACCOUNT_RATE = env.str("OFFICINA_LOGIN_FAILED_ACCOUNT_RATE", default="5/15m")
OFFICINA_LOGIN_FAILED_ADDRESS_RATE = env.str(
    "OFFICINA_LOGIN_FAILED_ADDRESS_RATE", default="100/15m"
)
ACCOUNT_RATE_LIMITS = {
    # allauth's own "login_failed" now limits only TOTP and recovery codes, per person.
    "login_failed": f"{OFFICINA_LOGIN_FAILED_ACCOUNT_RATE}/key",
    # A flood guard on every sign-in POST, far above an office signing in at 8 o'clock.
    "login": "300/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Reverse proxies of the installation in front of the server (nginx: 1), so the sign-in limits and
# the audit log see the client's address, not the proxy's (docs/deploy.md).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Officina"
# No self sign-up, so nobody can claim someone else's unverified address; without this, merely
# opening the e-mail page (which records the address as unverified) would block TOTP activation.
MFA_ALLOW_UNVERIFIED_EMAIL = True

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates without the month first (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("OFFICINA_TIME_ZONE", default="Europe/Rome")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
CSRF_FAILURE_VIEW = "officina.common.views.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "officina.accounts.authentication.PersonalAccessTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "officina.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Officina API",
    "DESCRIPTION": "REST API of Officina. Every endpoint is scoped to the caller's organisation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's expand button, a nested interactive control
    # that screen readers cannot reach (WCAG 4.1.2); the page works the same without them.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": True},
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Content Security Policy (django-csp 4): nothing is loaded from outside hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],  # Bootstrap Italia inlines a small font as data:
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Officina's own settings.
OFFICINA_AUDIT_RETENTION_DAYS = env.int("OFFICINA_AUDIT_RETENTION_DAYS", default=365)
# Board history keeps who did what for this long, then only the flow (R-37; decision 0026).
OFFICINA_HISTORY_RETENTION_DAYS = env.int("OFFICINA_HISTORY_RETENTION_DAYS", default=180)
# Tasks `officina serve` enqueues once a day (dotted paths of django-tasks tasks).
OFFICINA_DAILY_TASKS = [
    "officina.boards.tasks.history_retention",
    "officina.scrum.tasks.sprint_history_retention",
    "officina.boards.tasks.due_reminders",
    "officina.notifications.tasks.notification_digests",
    "officina.boards.tasks.recurring_cards",
]
# Where people reach this installation: links in e-mails sent by background tasks start with it.
OFFICINA_SITE_URL = env.str("OFFICINA_SITE_URL", default="http://localhost:8000")
OFFICINA_FEEDBACK_URL = env.str("OFFICINA_FEEDBACK_URL", default="")
OFFICINA_ATTACHMENT_MAX_BYTES = env.int("OFFICINA_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Lets `officina demo` create accounts with the published demo password (on in `local` only).
OFFICINA_DEMO = env.bool("OFFICINA_DEMO", default=False)
OFFICINA_DEMO_SEEDERS = ["officina.boards.demo.seed_demo_boards"]  # called by `officina demo`
DJANGO_BOOTSTRAP_ITALIA_USE_CDN = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"daphne": {"level": "WARNING"}},
}
