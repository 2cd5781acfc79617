import pytest
from django.urls import reverse

from tests.factories import MOT_DE_PASSE


@pytest.fixture
def comme_en_production(settings):
    """No test backend is trusted: a session must give its second factor as in production."""
    settings.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE = []
    return settings


def connecter(client, user, mot_de_passe=MOT_DE_PASSE, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": mot_de_passe}, **extra)
