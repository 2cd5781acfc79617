"""The test sessions' backend (accord/settings_test.py lists it first, so the test client's
force_login opens sessions through it, and a log-in form in a browser journey authenticates
through it after django-axes' lockout check). Sessions it opened count as verified by the
second factor (DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE), so tests and journeys that log ministry
staff in keep working. Production lists no such backend; tests/securite empties the list to
prove that a real password-only session is sent to the second factor."""

from django.contrib.auth.backends import ModelBackend

from comptes.backends import ConnexionLimitee


class ConnexionDeTest(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        ConnexionLimitee().authenticate(request, username=username, password=password, **kwargs)
        return super().authenticate(request, username=username, password=password, **kwargs)
