"""Log-in, password change and password reset by e-mail (console e-mail in development)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from comptes.models import Preferences
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db


def test_se_connecter_mene_a_l_accueil(client):
    user = UserFactory(username="chantal")
    reponse = client.post(reverse("login"), {"username": "chantal", "password": MOT_DE_PASSE}, follow=True)
    assert reponse.context["user"] == user
    assert "À traiter" in reponse.content.decode()


@pytest.mark.parametrize("page", ["login", "connexion_admin"])
@pytest.mark.parametrize(
    ("choisie", "temoin", "bienvenue"), [("en", "fr-ca", "Skip to content"), ("fr-ca", "en", "Aller au contenu")]
)
def test_chaque_connexion_ramene_la_langue_choisie_sur_le_compte(client, page, choisie, temoin, bienvenue):
    """The portal's log-in page and the admin's: the account's language wins over this browser's."""
    user = UserFactory(username="chantal", is_staff=True)
    Preferences.objects.create(user=user, langue=choisie)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = temoin
    reponse = client.post(reverse(page), {"username": "chantal", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert reponse.cookies[settings.LANGUAGE_COOKIE_NAME].value == choisie
    # The next page (the home page; for the admin, its second factor first) is in that language.
    assert bienvenue in client.get(reponse.url, follow=True).content.decode()


@pytest.mark.parametrize("page", ["login", "connexion_admin"])
def test_sans_choix_sur_le_compte_la_connexion_garde_la_langue_du_navigateur(client, page):
    UserFactory(username="chantal", is_staff=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reponse = client.post(reverse(page), {"username": "chantal", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in reponse.cookies
    assert "Skip to content" in client.get(reponse.url, follow=True).content.decode()


def test_un_mauvais_mot_de_passe_est_refuse_avec_un_message(client):
    UserFactory(username="chantal")
    reponse = client.post(reverse("login"), {"username": "chantal", "password": "faux"})
    assert reponse.status_code == 200
    assert not reponse.context["user"].is_authenticated
    assert reponse.context["form"].errors


def test_changer_son_mot_de_passe_demande_d_etre_connecte(client):
    assert client.get(reverse("password_change")).status_code == 302
    user = UserFactory()
    client.force_login(user)
    reponse = client.post(
        reverse("password_change"),
        {"old_password": MOT_DE_PASSE, "new_password1": "Nouveau-secret-2026", "new_password2": "Nouveau-secret-2026"},
    )
    assert reponse.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2026")


def test_reinitialiser_son_mot_de_passe_par_courriel(client, mailoutbox):
    user = UserFactory(email="chantal@exemple.qc.ca")
    client.post(reverse("password_reset"), {"email": "chantal@exemple.qc.ca"})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["chantal@exemple.qc.ca"]
    lien = re.search(r"/comptes/reinitialisation/[^/\s]+/[^/\s]+/", mailoutbox[0].body).group(0)
    formulaire = client.get(lien, follow=True)
    assert formulaire.context["validlink"]
    nouveau = {"new_password1": "Nouveau-secret-2026", "new_password2": "Nouveau-secret-2026"}
    client.post(formulaire.redirect_chain[-1][0], nouveau)
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2026")


def test_un_lien_de_reinitialisation_forge_est_refuse(client):
    reponse = client.get(reverse("password_reset_confirm", args=["MQ", "faux-jeton"]))
    assert reponse.status_code == 200
    assert not reponse.context["validlink"]
    assert "plus valide" in reponse.content.decode()


def _reglages(**env):
    """SESSION_ENGINE of the real settings read in a fresh process with `env`."""
    import os
    import subprocess
    import sys

    code = "import django; from django.conf import settings; django.setup(); print(settings.SESSION_ENGINE)"
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "DEBUG": "1",
        **env,
    }
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True).stdout.strip()


def test_sans_redis_les_sessions_se_lisent_en_base_que_chaque_processus_partage():
    # A per-process memory cache would keep, in the other gunicorn workers, a session changed by one
    # (second factor given, log-out).
    assert _reglages() == "django.contrib.sessions.backends.db"
    assert _reglages(REDIS_URL="redis://127.0.0.1:6379/0") == "django.contrib.sessions.backends.cached_db"
