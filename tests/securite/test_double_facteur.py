"""Point 1: TOTP + recovery codes, required for ministry staff and administrators."""

import pytest
from django.conf import settings as reglages
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.models import EvenementSecurite
from tests.factories import AffectationMinistereFactory, UserFactory
from tests.securite.conftest import connecter

pytestmark = pytest.mark.django_db


def code(appareil):
    return f"{totp(appareil.bin_key, step=appareil.step, t0=appareil.t0, digits=appareil.digits, drift=appareil.drift):06d}"


def test_la_production_ne_fait_confiance_a_aucune_session_de_test():
    import accord.settings as production

    assert production.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE == []
    assert not any(b.startswith("tests.") for b in production.AUTHENTICATION_BACKENDS)
    assert production.AUTHENTICATION_BACKENDS[0] == "comptes.backends.ConnexionLimitee"
    assert reglages.DOUBLE_FACTEUR_CONNEXIONS_DE_CONFIANCE  # (the test settings' list)


def test_le_ministere_avec_son_seul_mot_de_passe_n_atteint_aucune_page(client, comme_en_production):
    dr = AffectationMinistereFactory().user
    reponse = connecter(client, dr)
    assert reponse.status_code == 302
    for url in [
        reverse("portail:accueil"),
        reverse("projets:liste"),
        reverse("bilans:suivi"),
        reverse("rapports:tableau_de_bord"),
        reverse("projets:export_csv"),
    ]:
        page = client.get(url)
        assert page.status_code == 302 and page.url.startswith(reverse("double_facteur_activer")), url
    # htmx requests are sent there too.
    assert client.get(reverse("projets:liste"), HTTP_HX_REQUEST="true")["HX-Redirect"].startswith(
        reverse("double_facteur_activer")
    )
    assert client.get(reverse("admin:index")).status_code == 302


def test_activation_puis_codes_de_secours_puis_verification(client, comme_en_production):
    dr = AffectationMinistereFactory(niveau="central", region=None).user
    connecter(client, dr)
    page = client.get(reverse("double_facteur_activer") + "?next=/projets/")
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "<svg" in contenu and page.context["cle"] in contenu and "Activer la double authentification" in contenu
    appareil = TOTPDevice.objects.get(user=dr, confirmed=False)
    refuse = client.post(reverse("double_facteur_activer"), {"code": "000000"})
    assert refuse.context["form"].errors["code"]
    appareil.refresh_from_db()
    assert appareil.throttling_failure_count == 1  # django-otp: each failure doubles the wait
    appareil.throttle_reset()
    ok = client.post(reverse("double_facteur_activer") + "?next=/projets/", {"code": code(appareil)})
    assert ok.status_code == 302 and ok.url.startswith(reverse("double_facteur_codes"))
    codes = client.get(ok.url)
    secours = codes.context["codes"]
    assert len(secours) == 10 and all(c in codes.content.decode() for c in secours)
    assert codes.context["suite"] == "/projets/"
    assert client.get(ok.url).status_code == 302  # shown once
    assert client.get(reverse("projets:liste")).status_code == 200
    # Next log-in: password, then a recovery code (used once only).
    client.post(reverse("logout"))
    connecter(client, dr)
    demande = client.get(reverse("projets:liste"))
    assert demande.url.startswith(reverse("double_facteur_verifier"))
    assert client.post(reverse("double_facteur_verifier"), {"code": "nimporte"}).status_code == 200
    for d in devices_for_user(dr):
        d.throttle_reset()  # (each wrong code makes the next one wait 1 s, then 2, 4…)
    assert client.post(reverse("double_facteur_verifier") + "?next=/projets/", {"code": secours[0]}).url == "/projets/"
    assert client.get(reverse("projets:liste")).status_code == 200
    assert not StaticToken.objects.filter(token=secours[0]).exists()
    types = set(EvenementSecurite.objects.filter(user=dr).values_list("type", flat=True))
    assert {"df_activee", "code_secours", "code_refuse"} <= types


def test_un_mot_de_passe_seul_ne_permet_pas_de_remplacer_l_application(client, comme_en_production):
    dr = AffectationMinistereFactory().user
    TOTPDevice.objects.create(user=dr, name="app", confirmed=True)
    connecter(client, dr)
    assert client.get(reverse("double_facteur_activer")).url.startswith(reverse("double_facteur_verifier"))
    assert client.post(reverse("double_facteur_desactiver")).status_code == 302
    assert TOTPDevice.objects.filter(user=dr, confirmed=True).exists()
    assert client.get(reverse("securite")).url.startswith(reverse("double_facteur_verifier"))


def test_offerte_aux_autres_et_exigee_une_fois_activee(client, comme_en_production):
    user = UserFactory()
    connecter(client, user)
    assert client.get(reverse("projets:liste")).status_code == 200
    page = client.get(reverse("securite"))
    assert "Activer la double authentification" in page.content.decode()
    client.get(reverse("double_facteur_activer"))
    appareil = TOTPDevice.objects.get(user=user)
    client.post(reverse("double_facteur_activer"), {"code": code(appareil)})
    client.post(reverse("logout"))
    connecter(client, user)
    assert client.get(reverse("projets:liste")).url.startswith(reverse("double_facteur_verifier"))
    appareil.refresh_from_db()
    appareil.last_t = -1
    appareil.save()
    assert client.post(reverse("double_facteur_verifier"), {"code": code(appareil)}).status_code == 302
    assert client.post(reverse("double_facteur_desactiver")).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert EvenementSecurite.objects.filter(user=user, type="df_desactivee").exists()


def test_l_admin_est_a_son_adresse_derriere_la_meme_double_authentification(client, comme_en_production):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert reverse("admin:index") == "/" + reglages.ADMIN_URL
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
    connexion = client.post(reverse("admin:login"), {"username": admin.username, "password": "mot-de-passe-tests-2026"})
    assert connexion.status_code == 302
    assert client.get(reverse("admin:index")).url.startswith(reverse("double_facteur_activer"))
    client.get(reverse("double_facteur_activer"))
    client.post(reverse("double_facteur_activer"), {"code": code(TOTPDevice.objects.get(user=admin))})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:comptes_evenementsecurite_changelist")).status_code == 200
