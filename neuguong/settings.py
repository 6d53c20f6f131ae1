"""The one settings module. Every value comes from the environment through strict typed helpers.

Bad values fail loudly at start-up rather than silently falling back.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


DEBUG = env_bool("NEUGUONG_DEBUG", False)
SECRET_KEY = env_str("NEUGUONG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("NEUGUONG_REQUIRE_SECRET", "") == "1":
        raise ImproperlyConfigured("NEUGUONG_SECRET_KEY must be set in production")
    # A development key: fine for SQLite trials and tests, never for production (check --deploy says so).
    SECRET_KEY = "django-insecure-neuguong-development-key-change-me-in-production"
# The key of the keyed hashes (HMAC) that stand for personal data in the audit log. A key of its
# own: rotating SECRET_KEY must not change what the immutable log says. Changing it later makes
# verify report every audited personal field, so set it once, before the first event.
AUDIT_HMAC_KEY = env_str("NEUGUONG_AUDIT_HMAC_KEY", "")
if not AUDIT_HMAC_KEY:
    if not DEBUG and os.environ.get("NEUGUONG_REQUIRE_SECRET", "") == "1":
        raise ImproperlyConfigured("NEUGUONG_AUDIT_HMAC_KEY must be set in production")
    AUDIT_HMAC_KEY = "insecure-neuguong-development-audit-hmac-key"

ALLOWED_HOSTS = env_list("NEUGUONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# The authority named beside the product name in the header of every page.
AUTHORITY_NAME = env_str("NEUGUONG_AUTHORITY_NAME", "UBND tỉnh Điện Biên")

DATABASE_URL = env_str("DATABASE_URL", "sqlite:///neuguong.sqlite3")
if DATABASE_URL.split(":", 1)[0] not in {"sqlite", "postgres", "postgresql", "pgsql"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL must be sqlite:///FILE or postgres://..., not {DATABASE_URL!r}"
    )
if DATABASE_URL.startswith("sqlite:///") and not DATABASE_URL.startswith("sqlite:////"):
    # Relative SQLite path: relative to the current folder, as the README promises.
    DATABASE_URL = "sqlite:///" + str(Path.cwd() / DATABASE_URL.removeprefix("sqlite:///"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not IS_POSTGRES:
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs (Swagger UI) from local static files instead of a CDN
    "neuguong.core",
    "neuguong.core.calendar",
    "neuguong.core.rules",
    "neuguong.core.audit",
    "neuguong.core.outbox",
    "neuguong.core.identity",
    "oauth2_provider",  # the stand-in identity provider of the demo (neuguong.core.identity)
    "neuguong.org",
    "neuguong.onestop",
    "neuguong.feedback",
    "neuguong.reviews",
    "neuguong.accountability",
    "neuguong.dashboards",
    "neuguong.feedback.reception",
    "neuguong.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "neuguong.core.middleware.VietnameseFirstLocaleMiddleware",
    "neuguong.core.middleware.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "neuguong.core.request_cache.RequestCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "neuguong.urls"
WSGI_APPLICATION = "neuguong.wsgi.application"

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
                "neuguong.core.context_processors.roles",
                "neuguong.core.context_processors.layout",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
# Staff sign in with their local account; citizens only through the national e-identity (VNeID,
# OpenID Connect: Decree 69/2024/NĐ-CP), see docs/identity.md and neuguong.core.identity.
AUTHENTICATION_BACKENDS = [
    # Local accounts with a password are staff's; citizens sign in only through VNeID (docs/identity.md).
    "neuguong.core.identity.backend.StaffPasswordBackend",
    "neuguong.core.identity.backend.CitizenOIDCBackend",
]
# The identity provider. Empty: in demo mode the stand-in provider of this site (/vneid-demo/),
# otherwise no citizen sign-in.
OIDC_ISSUER = env_str("NEUGUONG_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = env_str("NEUGUONG_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("NEUGUONG_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("NEUGUONG_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("NEUGUONG_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("NEUGUONG_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("NEUGUONG_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("NEUGUONG_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("NEUGUONG_OIDC_SCOPES", "openid profile email phone")
# The claim that carries the 12-digit citizen ID number (personal identification number).
OIDC_CLAIM_ID_NUMBER = env_str("NEUGUONG_OIDC_CLAIM_ID_NUMBER", "citizen_id")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("NEUGUONG_OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATE_CLASS = "neuguong.core.identity.views.CitizenSignIn"
OIDC_CALLBACK_CLASS = "neuguong.core.identity.views.CitizenCallback"
# The stand-in provider (demo only): the portal's client secret there (its RS256 key is generated
# into the database at first use, neuguong.core.identity.demo_provider).
VNEID_DEMO_CLIENT_SECRET = env_str("NEUGUONG_VNEID_DEMO_CLIENT_SECRET", "vneid-demo-not-a-secret")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": "",  # set at first use by neuguong.core.identity.demo_provider
    "OAUTH2_VALIDATOR_CLASS": "neuguong.core.identity.demo_provider.DemoValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Họ tên, ngày sinh",
        "email": "Thư điện tử",
        "phone": "Số điện thoại",
    },
    "DEFAULT_SCOPES": ["openid"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    # RFC 9700 (OAuth 2.0 security best practice), so that check --deploy stays clean. The demo's
    # http://127.0.0.1 callback is allowed at run time, in demo mode only (demo_provider.demo_only).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("NEUGUONG_STATIC_ROOT", str(Path.cwd() / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env_str("NEUGUONG_MEDIA_ROOT", str(Path.cwd() / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("NEUGUONG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("NEUGUONG_FROM_EMAIL", "neuguong@localhost")

# A database cache, shared by every gunicorn worker (the public lookup's rate limit must not be per
# process); its table is created by a core migration, so no extra service is needed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "neuguong_cache",
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind HTTPS (a reverse proxy setting X-Forwarded-Proto): secure cookies, redirect, HSTS.
HTTPS = env_bool("NEUGUONG_HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("NEUGUONG_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # A public-service domain is HTTPS-only for good; set 0 while a domain is still being moved over.
    SECURE_HSTS_PRELOAD = env_bool("NEUGUONG_HSTS_PRELOAD", True)

# Demo mode (NEUGUONG_DEMO=1, what `make demo` sets): debug stays off, so the project's own 404 and 403
# pages show, and the demo accounts with their printed password are allowed. Production refuses it:
# `neuguong check --deploy` errors while it is on, and so does every command under
# NEUGUONG_REQUIRE_SECRET=1 (neuguong.core.checks).
DEMO_MODE = env_bool("NEUGUONG_DEMO", False)
REQUIRE_SECRET = os.environ.get("NEUGUONG_REQUIRE_SECRET", "") == "1"
# Demo accounts exist only in demo mode, or in a debug (development) deployment.
DEMO_ALLOWED = DEBUG or DEMO_MODE
if DEMO_MODE:
    # The demo is served to this machine: its static files need no gzip and brotli copies, whose
    # compression cost ~18 s of CPU at every `make demo` (collectstatic compresses every file each time).
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DEMO_PASSWORD = env_str("NEUGUONG_DEMO_PASSWORD", "neuguong-demo-2025")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 400) is one line, not a traceback (neuguong.core.errors).
    "filters": {"concise_client_errors": {"()": "neuguong.core.errors.ConciseClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["concise_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": env_str("NEUGUONG_LOG_LEVEL", "WARNING")},
    # Django's own console handler (debug only) printed every refused request a second time.
    "loggers": {"django": {"handlers": [], "level": "NOTSET", "propagate": True}},
}
