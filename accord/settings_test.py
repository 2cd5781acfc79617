"""Test settings: production settings with test-friendly environment defaults.

The suite runs on PostgreSQL (DATABASE_URL); HTTPS redirects are off so the test client and
the live server speak plain HTTP.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/accord")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

from accord.settings import *  # noqa: E402,F403
from accord.settings import BASE_DIR  # noqa: E402

# A test database name of this run's own (scripts/tester sets TEST_RUN and drops what is left at
# the end), so two runs sharing a server never collide; pytest-xdist appends _gw0, _gw1…
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.environ.get('TEST_RUN', os.getpid())}"}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# E-mails go through the outbox (post_office's backend) and are delivered to Django's test outbox,
# unless EMAIL_URL names a real server (the fault suite's SMTP sink).
if not os.environ.get("EMAIL_URL"):
    COURRIELS_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": COURRIELS_TRANSPORT}}  # noqa: F405
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", BASE_DIR / ".media-tests")
# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Test sessions (force_login, and the log-in form in browser journeys) are opened through this
# backend, listed first, and count as having given their second factor (see the backend's
# docstring). Production lists no such backend: a real log-in is asked for its second factor.
AUTHENTICATION_BACKENDS = ["tests.securite.connexion.ConnexionDeTest", *AUTHENTICATION_BACKENDS]  # noqa: F405
DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = ["tests.securite.connexion.ConnexionDeTest"]
# One process per test database (the live server is a thread of it): its memory cache is the only
# one, so sessions are read from it as production reads them from Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
