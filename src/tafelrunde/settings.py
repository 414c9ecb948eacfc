"""Django settings for Tafelrunde. Every knob is a TAFELRUNDE_* variable (see conf.SETTINGS)."""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tafelrunde import conf
from tafelrunde.private_files import private_database

DATA_DIR = conf.data_dir()
SECRET_KEY = conf.secret_key(DATA_DIR)
DEBUG = conf.env_bool("DEBUG", default=False)
HTTPS = conf.env_bool("HTTPS", default=False)
ALLOWED_HOSTS = conf.env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

DATABASES = {"default": conf.database(conf.env("DATABASE_URL"), DATA_DIR)}
private_database(DATABASES["default"])  # owner-only, also when made by an older version
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Ours, bottom up: an app imports only from apps listed before it (docs/ARCHITECTURE.md;
    # tests/test_architecture.py keeps the order true).
    "tafelrunde.network",
    "tafelrunde.accounts",
    "tafelrunde.travel",
    "tafelrunde.evenings",
    "tafelrunde.meals",
    "tafelrunde.relationships",
    "tafelrunde.tonight",
    "tafelrunde.exchange",
    "tafelrunde.sync",
    "tafelrunde.reminders",
    "tafelrunde.rounds",
    "tafelrunde.teams",
    "tafelrunde.api",
    "tafelrunde.web",
    "tafelrunde.cli",
    "tafelrunde.backups",
    "tafelrunde.demo",
]

MIDDLEWARE = [
    # First: a body too big for its page is refused (413) before anything reads it.
    "tafelrunde.request_body.RequestBodyLimit",
    # Pages and static files compressed for a phone on roaming (not the API).
    "tafelrunde.web.compression.PageCompression",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tafelrunde.accounts.middleware.AccountLanguageMiddleware",  # the account's own choice
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# django-ninja's templates and static files: the API docs' page and scripts, served from our
# own origin, not a CDN (see OwnOriginSwagger in api/main.py). Found without importing ninja,
# which as an installed app would load it and pydantic into every command.
ninja_spec = find_spec("ninja")
if ninja_spec is None or ninja_spec.origin is None:
    raise ImproperlyConfigured("django-ninja is not installed.")
NINJA_DIR = Path(ninja_spec.origin).parent

# Request bodies: a page without uploads takes at most 1 MB (RequestBodyLimit answers 413
# before Django reads more); upload pages name their own limit. Uploaded files above 2.5 MB
# go to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "tafelrunde.urls"
WSGI_APPLICATION = "tafelrunde.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # money, km and place_name: amounts, distances and places in the page's language
            "builtins": ["tafelrunde.web.templatetags.localized"],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five wrong passwords for one username from one address lock that pair
# out for a quarter of an hour; a successful login clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tafelrunde.accounts.lockout.locked_out"
AXES_USERNAME_CALLABLE = "tafelrunde.accounts.lockout.attempted_username"
AXES_VERBOSE = False

# Password reset mails go through Django's e-mail settings; without a mail server they are
# printed to the server's console.
globals().update(conf.email(conf.env("EMAIL_URL")))  # EMAIL_BACKEND, EMAIL_HOST, …
DEFAULT_FROM_EMAIL = conf.env("FROM_EMAIL") or "tafelrunde@localhost"
# Where the app is reached, for links in mails sent without a request (reminders).
TAFELRUNDE_BASE_URL = (conf.env("BASE_URL") or "http://localhost:8000").rstrip("/")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# One catalogue for the whole project, inside the package so that the wheel carries the
# compiled .mo files (see the README's "Languages").
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
FORMAT_MODULE_PATH = ["tafelrunde.formats"]  # a 24-hour clock in English too
TIME_ZONE = conf.env("TIME_ZONE") or "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from the apps, but expects the folder
MEDIA_ROOT = DATA_DIR / "uploads"
STATICFILES_DIRS = [NINJA_DIR / "static"]
# Static files come straight from the apps (no collectstatic step to forget).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from our own origin: no inline script, no CDN, no outside fonts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind the TLS proxy every request comes from the proxy: throttle by the client's
    # address, the last one in X-Forwarded-For (the one our proxy adds; what a client sends
    # itself stands before it and is ignored). Needs django-ipware.
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

PLACES_DIR = conf.places_dir(DATA_DIR)
# The call list leaves someone who said no in peace for this many days.
TAFELRUNDE_REST_DAYS = conf.env_int("REST_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background jobs (syncing sources): Django's Tasks API through the django-tasks backport,
# stored in the database so that SQLite and PostgreSQL run the same code; another backend
# (Redis/RQ) is a change of this setting. `tafelrunde worker` runs them; `tafelrunde serve`
# starts one worker itself unless TAFELRUNDE_WORKER=0.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TAFELRUNDE_WORKER = conf.env_bool("WORKER", True)
