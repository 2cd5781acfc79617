"""Point 2: log-in lockout (django-axes), password reset limits, security events for admins.
Point 3 (sessions): idle timeout, absolute lifetime, X-Forwarded-Proto only behind a proxy."""

import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from comptes.middleware import ACTIVITE, DEBUT
from comptes.models import EvenementSecurite
from tests.factories import AffectationMinistereFactory, UserFactory
from tests.securite.conftest import connecter

pytestmark = pytest.mark.django_db


def test_dix_echecs_verrouillent_le_compte_meme_avec_le_bon_mot_de_passe(client):
    user = UserFactory(username="cible")
    for _ in range(9):
        assert connecter(client, user, "mauvais").status_code == 200
    bloque = connecter(client, user, "mauvais")
    assert bloque.status_code == 429
    assert "Connexion temporairement bloquée" in bloque.content.decode()
    reponse = connecter(client, user)
    assert reponse.status_code == 429 and "même le bon mot de passe est refusé" in reponse.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out for this account (account + address).
    assert connecter(client, user, REMOTE_ADDR="10.9.8.7").status_code == 302
    types = list(EvenementSecurite.objects.values_list("type", flat=True))
    assert types.count("connexion_echouee") >= 10 and "verrouillage" in types
    # An administrator unlocks it in the admin (delete the access attempt).
    AccessAttempt.objects.all().delete()
    client.post(reverse("logout"))
    assert connecter(client, user).status_code == 302


def test_la_connexion_de_l_admin_est_limitee_aussi(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": admin.username, "password": "mauvais"})
    assert (
        client.post(reverse("admin:login"), {"username": admin.username, "password": "mot-de-passe-tests-2026"}).status_code
        == 429
    )


def test_le_verrouillage_se_leve_apres_la_periode(client, settings):
    settings.AXES_COOLOFF_TIME = 0.0001  # hours
    user = UserFactory()
    for _ in range(10):
        connecter(client, user, "mauvais")
    assert connecter(client, user).status_code == 429
    time.sleep(0.5)
    assert connecter(client, user).status_code == 302


def test_la_reinitialisation_est_limitee_par_courriel_et_par_adresse(client, settings, django_capture_on_commit_callbacks):
    cache.clear()
    settings.REINITIALISATION_LIMITE_HEURE = 3
    settings.REINITIALISATION_LIMITE_IP_HEURE = 6
    UserFactory(email="victime@exemple.qc.ca")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("password_reset"), {"email": "victime@exemple.qc.ca"}).status_code == 302
    assert len(mail.outbox) == 3
    # Other addresses from the same IP: the IP limit answers with a message.
    assert client.post(reverse("password_reset"), {"email": "autre@exemple.qc.ca"}).status_code == 302
    reponse = client.post(reverse("password_reset"), {"email": "autre@exemple.qc.ca"})
    assert reponse.status_code == 429 and "Trop de demandes" in reponse.content.decode()
    assert client.post(reverse("password_reset"), {"email": "autre@exemple.qc.ca"}, REMOTE_ADDR="10.1.1.1").status_code == 302
    assert EvenementSecurite.objects.filter(type="reinitialisation_limitee").count() >= 3
    cache.clear()


def _vieillir(client, **secondes):
    session = client.session
    for cle, age in secondes.items():
        session[cle] = time.time() - age
    session.save()


def test_le_ministere_est_deconnecte_apres_30_minutes_d_inactivite(client):
    dr = AffectationMinistereFactory().user
    client.force_login(dr)
    assert client.get(reverse("projets:liste")).status_code == 200
    _vieillir(client, **{ACTIVITE: 29 * 60})
    assert client.get(reverse("projets:liste")).status_code == 200
    _vieillir(client, **{ACTIVITE: 31 * 60})
    reponse = client.get(reverse("projets:liste"))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_les_autres_ont_un_delai_plus_long_mais_une_duree_maximale(client, settings):
    client.force_login(UserFactory())
    _vieillir(client, **{ACTIVITE: 31 * 60})
    assert client.get(reverse("projets:liste")).status_code == 200
    _vieillir(client, **{DEBUT: settings.SESSION_DUREE_MAX_MINUTES * 60 + 1, ACTIVITE: 10})
    assert client.get(reverse("projets:liste")).status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_x_forwarded_proto_n_est_cru_que_derriere_un_mandataire(client, settings):
    import accord.settings as production

    assert production.SECURE_PROXY_SSL_HEADER is None  # SERVEUR_MANDATAIRE unset
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 301
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
