"""A person makes a personal API token on their account page, sees it once, uses it, revokes it.
Only its SHA-256 digest is kept. Ministère staff make one only after their second factor."""

import hashlib

import pytest
from django.urls import reverse

from api import actions
from api.models import JetonAPI
from api.rules import SECOND_FACTEUR_REQUIS, EtatConnexion
from noyau.actions import ActionRefusee
from tests.api.conftest import jeton_de
from tests.factories import AffectationMinistereFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_une_coordination_cree_un_jeton_le_voit_une_fois_l_utilise_puis_le_revoque(client, monde):
    client.force_login(monde.a.coordination)
    securite = client.get(reverse("securite")).content.decode()
    assert reverse("api_jetons") in securite
    reponse = client.post(reverse("api_jetons"), {"nom": "Tableau de bord"}, follow=True)
    html = reponse.content.decode()
    assert 'id="nouveau-jeton"' in html
    jeton = JetonAPI.objects.get(user=monde.a.coordination)
    clair = html.split('<code class="user-select-all fs-6">')[1].split("</code>")[0]
    assert clair.startswith("accord_") and len(clair) > 40
    # Kept only as its digest; shown once.
    assert jeton.empreinte == hashlib.sha256(clair.encode()).hexdigest()
    assert clair not in str(JetonAPI.objects.filter(pk=jeton.pk).values().get())
    assert clair not in client.get(reverse("api_jetons")).content.decode()
    # It reads what the coordination reads.
    h = {"HTTP_AUTHORIZATION": f"Bearer {clair}"}
    assert client.get("/api/v1/projets", **h).status_code == 200
    jeton.refresh_from_db()
    assert jeton.utilise_le is not None
    # Revoked: refused at once.
    client.post(reverse("api_revoquer_jeton", args=[jeton.pk]))
    assert client.get("/api/v1/projets", **h).status_code == 401
    assert "révoqué le" in client.get(reverse("api_jetons")).content.decode()


def test_un_jeton_sans_nom_est_refuse_a_cote_du_champ(client, monde):
    client.force_login(monde.a.membre)
    reponse = client.post(reverse("api_jetons"), {"nom": "   "})
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["nom"]
    with pytest.raises(ActionRefusee) as refus:
        actions.creer_jeton(par=monde.a.membre, nom="  ", connexion=EtatConnexion(exige=False, verifiee=False))
    assert refus.value.message == "Donnez un nom à ce jeton." and refus.value.champ == "nom"
    assert not JetonAPI.objects.exists()


def test_le_ministere_ne_cree_un_jeton_qu_apres_son_second_facteur(client, monde):
    dr = monde.a.dr
    with pytest.raises(ActionRefusee) as refus:
        actions.creer_jeton(par=dr, nom="Analyses", connexion=EtatConnexion(exige=True, verifiee=False))
    assert refus.value.message == str(SECOND_FACTEUR_REQUIS)
    # Logged in by password only: the page itself sends the person to their second factor first.
    client.force_login(dr, backend="django.contrib.auth.backends.ModelBackend")
    reponse = client.get(reverse("api_jetons"))
    assert reponse.status_code == 302 and reverse("double_facteur_activer") in reponse["Location"]
    assert client.post(reverse("api_jetons"), {"nom": "Analyses"}).status_code == 302
    assert not JetonAPI.objects.filter(user=dr).exists()
    # After the second factor (a test session counts as verified): allowed.
    client.force_login(dr)
    client.post(reverse("api_jetons"), {"nom": "Analyses"})
    assert JetonAPI.objects.filter(user=dr).count() == 1


def test_on_ne_revoque_pas_le_jeton_d_un_autre(client, monde):
    jeton_de(monde.a.central)
    jeton = JetonAPI.objects.get(user=monde.a.central)
    client.force_login(monde.a.coordination)
    assert client.post(reverse("api_revoquer_jeton", args=[jeton.pk])).status_code == 404
    with pytest.raises(ActionRefusee) as refus:
        actions.revoquer_jeton(jeton, par=monde.a.coordination)
    assert refus.value.message == "Ce jeton n'est pas le vôtre."
    jeton.refresh_from_db()
    assert jeton.actif
    actions.revoquer_jeton(jeton, par=monde.a.central)
    with pytest.raises(ActionRefusee) as deja:
        actions.revoquer_jeton(jeton, par=monde.a.central)
    assert deja.value.message == "Ce jeton est déjà révoqué."


def test_un_anonyme_est_envoye_a_la_connexion(client):
    reponse = client.get(reverse("api_jetons"))
    assert reponse.status_code == 302 and reverse("login") in reponse["Location"]
    assert client.post(reverse("api_jetons"), {"nom": "x"}).status_code == 302
    assert not JetonAPI.objects.exists()


def test_le_compte_desactive_perd_l_acces(client, monde):
    user = UserFactory()
    AffectationMinistereFactory(user=user, niveau="central", region=None)
    h = {"HTTP_AUTHORIZATION": f"Bearer {jeton_de(user)}"}
    assert client.get("/api/v1/enveloppes", **h).status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/api/v1/enveloppes", **h).status_code == 401
