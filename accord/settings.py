"""Settings for Portail ACCORD, read from the environment in this one place.

Production is the default: DEBUG is off unless the environment turns it on, and the secret
key must come from the environment when DEBUG is off.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "post_office",
    "noyau",
    "simple_history",
    "demo",
    "portail",
    "comptes",
    "regions",
    "creneaux",
    "plans",
    "activites",
    "projets",
    "bilans",
    "rapports",
    "seances",
    "importations",
    "donnees",
    "api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An oversized upload is refused from its Content-Length, before its body is read.
    "noyau.pannes.TailleRequete",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the middleware below (and the view) wrote; static files were served above.
    "noyau.compression.CompressionTexte",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages of a logged-in user and their downloads: Cache-Control private, no-store.
    "noyau.pannes.EnTetesPrives",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "comptes.middleware.ExpirationSessionMiddleware",
    "comptes.middleware.DoubleFacteurMiddleware",
    "comptes.middleware.LangueConnexionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"

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
            "builtins": ["noyau.templatetags.formats"],
        },
    },
]

WSGI_APPLICATION = "accord.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection is checked before each request reuses it: after PostgreSQL restarted, the
# next request opens a new one instead of answering 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer costs a request seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("PG_CONNECT_TIMEOUT", default=5))
    # PostgreSQL's JIT compiles any query its planner costs high (the dashboard's sums, a list's
    # count over 10 000 projects) for tens of ms of CPU, more than the query itself takes here:
    # measured, it doubled the dashboard's database time. Off unless PG_JIT=1.
    if not env.bool("PG_JIT", default=False):
        options = DATABASES["default"]["OPTIONS"]
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: a transaction takes the write lock when it begins (not at its first
    # write, too late to wait), and waits up to 20 s for it. Two people deciding at once are then
    # served one after the other, and the second gets the same conflict message as on PostgreSQL
    # rather than "database is locked". WAL lets pages be read while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any password check for an account+address that is locked out.
    "comptes.backends.ConnexionLimitee",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portail:accueil"
LOGOUT_REDIRECT_URL = "portail:accueil"

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded attachments live outside static/ and are only served through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    # Uploaded files and generated documents: local disk by default; a shared or object storage
    # (e.g. STOCKAGE_BACKEND=storages.backends.s3.S3Storage) when web and worker run apart.
    "default": {"BACKEND": env.str("STOCKAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portail ACCORD <ne-pas-repondre@accord.gouv.qc.ca>")
PORTAIL_URL = env.str("PORTAIL_URL", default="http://127.0.0.1:8000")

# The certificate that signs the final documents (approved procès-verbal, decision letters,
# provincial report): a PKCS#12 file and its password (noyau.signature). None: unsigned. In
# development, `manage.py demo` makes a self-signed one at the default path.
SIGNATURE_CERTIFICAT = env.str("SIGNATURE_CERTIFICAT", default=str(BASE_DIR / ".demo" / "signature.p12") if DEBUG else "")
SIGNATURE_MOT_DE_PASSE = env.str("SIGNATURE_MOT_DE_PASSE", default="demo" if DEBUG else "")

# Task queue (accord/celery.py). No REDIS_URL: tasks run in-process when queued.
REDIS_URL = env.str("REDIS_URL", default="")
# Every use of Redis (broker, cache, health) gives up after these many seconds: a frozen Redis
# costs a request seconds, never minutes (docs/exploitation.md).
REDIS_DELAI_CONNEXION = env.float("REDIS_DELAI_CONNEXION", default=2.0)
REDIS_DELAI_REPONSE = env.float("REDIS_DELAI_REPONSE", default=3.0)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is run again by another
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # … even when the worker process was killed mid-task
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # one long report does not hold back the e-mails behind it
CELERY_TIMEZONE = TIME_ZONE
# Handing a task to a broker that is down fails at once (no retry loop inside the request): what
# was not handed over is in the database (outbox, documents) and the periodic sweep hands it over.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_DELAI_CONNEXION
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged task (its worker died) is given to another worker after this many
    # seconds, not Redis's default hour.
    "visibility_timeout": env.int("CELERY_VISIBILITE", default=600),
    "socket_connect_timeout": REDIS_DELAI_CONNEXION,
    "socket_timeout": REDIS_DELAI_REPONSE,
    "max_retries": 1,
}

# Outbox of e-mails (django-post-office's Email rows, delivered by noyau.courriels). Django's own
# mail (password reset) goes through the outbox too; the real transport is COURRIELS_TRANSPORT.
COURRIELS_TRANSPORT = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "post_office.EmailBackend"
# Each message
# has one recipient and is retried, with a growing delay (first, then doubled up to the max), for
# COURRIELS_RELANCE_DUREE seconds after it was written, then shown as undelivered in the admin.
POST_OFFICE = {
    "CELERY_ENABLED": False,  # delivery is noyau.tasks' (one message at a time, row-locked)
    "BACKENDS": {"default": COURRIELS_TRANSPORT},
    "MAX_RETRIES": 0,
    "LOG_LEVEL": 1,
    "BATCH_SIZE": 200,
}
COURRIELS_RELANCE_PREMIERE = env.int("COURRIELS_RELANCE_PREMIERE", default=60)
COURRIELS_RELANCE_MAX = env.int("COURRIELS_RELANCE_MAX", default=3600)
COURRIELS_RELANCE_DUREE = env.int("COURRIELS_RELANCE_DUREE", default=48 * 3600)
# Seconds an e-mail server may take to answer before the attempt counts as failed.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Reports: a document not started this many seconds after it was asked for, or started and not
# finished after DOCUMENT_DELAI_BLOQUE, is handed to the queue again (at most DOCUMENT_ESSAIS
# times), then marked failed with a « Relancer » button.
DOCUMENT_DELAI_ATTENTE = env.int("DOCUMENT_DELAI_ATTENTE", default=120)
DOCUMENT_DELAI_BLOQUE = env.int("DOCUMENT_DELAI_BLOQUE", default=900)
DOCUMENT_ESSAIS = env.int("DOCUMENT_ESSAIS", default=3)
# The detailed health page (/sante/detail/) is open to administrators and to whoever gives this
# token (`?jeton=…` or the X-Sante-Jeton header); empty: administrators only.
SANTE_JETON = env.str("SANTE_JETON", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Attachments (projects): size cap in bytes.
PIECE_JOINTE_TAILLE_MAX = env.int("PIECE_JOINTE_TAILLE_MAX", default=10 * 1024 * 1024)
# A request body larger than this is refused before it is read (the attachment cap and some room
# for the form); uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not to memory.
# gunicorn.conf.py caps the request line and headers; the proxy in front caps the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = PIECE_JOINTE_TAILLE_MAX + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Bilans are due this many days after the end of the exercice (31 March → 30 June).
BILAN_ECHEANCE = env.str("BILAN_ECHEANCE", default="06-30")

# --- Security (issue 12) -----------------------------------------------------------------------
# The admin's address (e.g. ADMIN_URL=gestion-7f3a/): behind the same log-in, throttling and 2FA.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# Two-factor authentication (django-otp: TOTP + one-time recovery codes), required for ministry
# staff (active AffectationMinistere), superusers and staff; offered to everyone else.
OTP_TOTP_ISSUER = "Portail ACCORD"
OTP_STATIC_THROTTLE_FACTOR = 1
# Sessions opened through these authentication backends count as verified. Empty in production;
# the test settings list a backend that only the test client's force_login uses.
DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = []

# Log-in throttling (django-axes): locked after AXES_FAILURE_LIMIT failures for the same
# account from the same address, for AXES_COOLOFF_TIME (hours); an administrator unlocks in the
# admin (Axes › Access attempts: delete the row).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A further attempt on a locked account does not push its lock further: someone on the same
# address cannot keep a user locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "comptes.views.verrouillage"
AXES_CLIENT_IP_CALLABLE = "comptes.securite.adresse_client"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Password reset: at most this many requests an hour for one e-mail address, and from one IP.
REINITIALISATION_LIMITE_HEURE = env.int("REINITIALISATION_LIMITE_HEURE", default=5)
REINITIALISATION_LIMITE_IP_HEURE = env.int("REINITIALISATION_LIMITE_IP_HEURE", default=20)
# The API (api/securite.py): at most this many requests per account in each window of seconds.
API_LIMITE_REQUETES = env.int("API_LIMITE_REQUETES", default=120)
API_LIMITE_SECONDES = env.int("API_LIMITE_SECONDES", default=60)

CACHES = {
    "default": (
        {
            # Redis, with timeouts; an outage reads as a cache miss, never as an error (noyau.cache).
            "BACKEND": "noyau.cache.CacheRedisTolerante",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_DELAI_CONNEXION, "socket_timeout": REDIS_DELAI_REPONSE},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions: idle timeout (shorter for ministry staff) and an absolute lifetime, in minutes.
SESSION_INACTIVITE_MINUTES = env.int("SESSION_INACTIVITE_MINUTES", default=120)
SESSION_INACTIVITE_MINISTERE_MINUTES = env.int("SESSION_INACTIVITE_MINISTERE_MINUTES", default=30)
SESSION_DUREE_MAX_MINUTES = env.int("SESSION_DUREE_MAX_MINUTES", default=10 * 60)
SESSION_COOKIE_AGE = SESSION_DUREE_MAX_MINUTES * 60
# Sessions read from Redis (written through to the database, which a Redis outage falls back to).
# Without Redis the cache is each process's own memory: a session changed by one gunicorn worker
# (second factor given, log-out) would stay stale in the others, so sessions are read from the
# database alone.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. Templates keep
# their JavaScript in static/js/ and their styles in static/css/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Only behind a TLS proxy that sets X-Forwarded-Proto (and strips it from clients) may the
# header be trusted; SERVEUR_MANDATAIRE=1 says so.
SERVEUR_MANDATAIRE = env.bool("SERVEUR_MANDATAIRE", default=False)

# Production hardening: on unless DEBUG, each can be relaxed from the environment.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SERVEUR_MANDATAIRE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# One line per event, on stderr: the root logger holds the only handler (Django's own console
# handler is replaced, so nothing prints twice). 4xx answers are not logged here (gunicorn's access
# log has them); 5xx come with their traceback. LOG_FORMAT=json gives JSON lines for a collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "texte": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "horodatage", "levelname": "niveau", "name": "journal"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env.str("LOG_FORMAT", default="texte")},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
