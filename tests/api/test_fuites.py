"""The API shows exactly what the same account sees in the portal: for every role, each list
holds exactly the objects the page's rule allows, the project and séance lists the same count as
their pages; details are refused with the page's reason; without a token, nothing (401)."""

import pytest
from django.urls import reverse

from bilans.models import BilanAnnuel
from creneaux.models import Comite, Creneau, Reunion
from noyau.permissions import verifier
from projets.models import Enveloppe, Projet, Statut
from tests.api.conftest import entete, jeton_de

pytestmark = pytest.mark.django_db

LISTES = ["/api/v1/creneaux", "/api/v1/comites", "/api/v1/seances", "/api/v1/projets", "/api/v1/bilans", "/api/v1/enveloppes"]


def tout_lire(client, url, h, cle="id"):
    """Every item of a paginated list, page after page."""
    items, page = [], 1
    while True:
        reponse = client.get(url, {"page": page, "page_size": 100}, **h)
        assert reponse.status_code == 200, reponse.content
        donnees = reponse.json()
        items += [i[cle] for i in donnees["items"]]
        if len(items) >= donnees["count"] or not donnees["items"]:
            return items
        page += 1


def permis(regle, user, objets):
    return sorted(o.pk for o in objets if verifier(regle, user, o).ok)


QUI = [
    "a.coordination",
    "a.secretaire",
    "a.membre",
    "a.president_regional",
    "a.dr",
    "a.central",
    "b.coordination",
    "b.membre",
    "b.dr",
    "sans_role",
]


def personne(monde, qui, django_user_model):
    if qui == "sans_role":
        return django_user_model.objects.create_user("sans-role", "sans-role@exemple.qc.ca", "x")
    cote, attribut = qui.split(".")
    return getattr(getattr(monde, cote), attribut)


@pytest.mark.parametrize("qui", QUI)
def test_chaque_liste_montre_exactement_ce_que_les_regles_des_pages_permettent(client, monde, qui, django_user_model):
    user = personne(monde, qui, django_user_model)
    h = entete(user)
    assert sorted(tout_lire(client, "/api/v1/projets", h)) == permis(
        "projets.voir", user, Projet.objects.select_related("creneau")
    )
    assert sorted(tout_lire(client, "/api/v1/seances", h)) == permis(
        "seances.voir", user, Reunion.objects.select_related("comite__creneau")
    )
    assert sorted(tout_lire(client, "/api/v1/comites", h)) == permis(
        "creneaux.voir_comite", user, Comite.objects.select_related("creneau")
    )
    assert sorted(tout_lire(client, "/api/v1/bilans", h)) == permis(
        "bilans.voir", user, BilanAnnuel.objects.select_related("creneau")
    )
    assert sorted(tout_lire(client, "/api/v1/enveloppes", h)) == permis("projets.voir_enveloppe", user, Enveloppe.objects.all())
    assert sorted(tout_lire(client, "/api/v1/creneaux", h, cle="slug")) == sorted(c.slug for c in Creneau.objects.publics())
    # The same counts as the pages the same person opens.
    nb_projets = client.get("/api/v1/projets", **h).json()["count"]
    nb_seances = client.get("/api/v1/seances", **h).json()["count"]
    client.force_login(user)
    assert client.get(reverse("projets:liste")).context["paginator"].count == nb_projets
    reponse = client.get(reverse("seances:liste"))
    if verifier("seances.lister", user).ok:
        assert reponse.context["page_obj"].paginator.count == nb_seances
    else:  # no comité, no créneau: the page says why, and the API lists nothing either
        assert reponse.status_code == 403 and nb_seances == 0


def test_la_coordination_d_un_creneau_ne_voit_pas_les_brouillons_d_un_autre(client, monde):
    h = entete(monde.a.coordination)
    ids = tout_lire(client, "/api/v1/projets", h)
    assert monde.projets_a[Statut.BROUILLON].pk in ids
    assert not {p.pk for p in monde.projets_b.values()} & set(ids)
    reponse = client.get(f"/api/v1/projets/{monde.projets_b[Statut.BROUILLON].pk}", **h)
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Ce projet n'est pas devant un comité dont vous êtes membre."
    # Its own draft, with its decisions, as on its page.
    propre = client.get(f"/api/v1/projets/{monde.projets_a[Statut.BROUILLON].pk}", **h)
    assert propre.status_code == 200 and propre.json()["titre"] == "A brouillon" and propre.json()["decisions"] == []


def test_un_membre_de_comite_ne_voit_que_les_seances_de_ses_comites(client, monde):
    h = entete(monde.a.membre)
    assert tout_lire(client, "/api/v1/seances", h) == [monde.a.reunion_creneau.pk]
    reponse = client.get(f"/api/v1/seances/{monde.b.reunion_creneau.pk}", **h)
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Les séances d'un comité sont réservées à ses membres."
    assert client.get(f"/api/v1/seances/{monde.a.reunion_creneau.pk}", **h).json()["comite"]["id"] == monde.a.comite_creneau.pk


def test_un_comite_d_un_creneau_potentiel_reste_cache_a_qui_n_en_est_pas(client, monde):
    comite = monde.potentiel.comites.get()
    assert client.get(f"/api/v1/comites/{comite.pk}", **entete(monde.a.coordination)).json() == {
        "detail": "Ce créneau potentiel n'est pas encore public."
    }
    assert client.get(f"/api/v1/comites/{comite.pk}", **entete(monde.b.dr)).status_code == 200


def test_une_enveloppe_d_une_autre_region_est_refusee_avec_la_raison_de_la_page(client, monde):
    env_b = Enveloppe.objects.get(region=monde.b.creneau.region_porteuse)
    reponse = client.get(f"/api/v1/enveloppes/{env_b.pk}", **entete(monde.a.coordination))
    assert reponse.status_code == 403
    assert reponse.json()["detail"] == "Réservé au Ministère et aux comités et coordinations de la région de cette enveloppe."
    env_a = Enveloppe.objects.get(region=monde.a.creneau.region_porteuse)
    donnees = client.get(f"/api/v1/enveloppes/{env_a.pk}", **entete(monde.a.coordination)).json()
    assert donnees["engage"] == "100000.00"  # the accepted and en réalisation projects, 50 000 $ each


@pytest.mark.parametrize("url", [*LISTES, "/api/v1/projets/1", "/api/v1/creneaux/x", "/api/v1/seances/1"])
def test_sans_jeton_valide_l_api_ne_montre_rien(client, monde, url):
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer accord_faux").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 401
    # A session of the portal is no token either.
    client.force_login(monde.a.central)
    assert client.get(url).status_code == 401


def test_un_filtre_fautif_est_refuse_avec_son_champ(client, monde):
    reponse = client.get("/api/v1/projets", {"statut": "inconnu"}, **entete(monde.a.central))
    assert reponse.status_code == 422
    assert "statut" in reponse.json()["detail"]
    filtre = client.get(
        "/api/v1/projets", {"statut": "accepte", "region": monde.a.creneau.region_porteuse_id}, **entete(monde.a.central)
    )
    assert [p["id"] for p in filtre.json()["items"]] == [monde.projets_a[Statut.ACCEPTE].pk]


def test_les_listes_font_un_nombre_borne_de_requetes(client, monde, django_assert_max_num_queries):
    h = entete(monde.a.central)
    for url in LISTES:
        with django_assert_max_num_queries(15, info=url):
            assert client.get(url, {"page_size": 100}, **h).status_code == 200


def test_le_schema_openapi_et_la_documentation_sont_publics(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/projets", "/api/v1/seances", "/api/v1/bilans", "/api/v1/enveloppes", "/api/v1/comites"} <= set(
        schema["paths"]
    )
    assert client.get("/api/v1/docs").status_code == 200


def test_au_dela_de_la_limite_l_api_repond_429_avec_retry_after(client, monde, settings):
    settings.API_LIMITE_REQUETES = 3
    h = {"HTTP_AUTHORIZATION": f"Bearer {jeton_de(monde.b.membre)}"}
    assert [client.get("/api/v1/creneaux", **h).status_code for _ in range(3)] == [200, 200, 200]
    reponse = client.get("/api/v1/creneaux", **h)
    assert reponse.status_code == 429
    assert 1 <= int(reponse["Retry-After"]) <= settings.API_LIMITE_SECONDES + 1
    # Someone else is not slowed down.
    assert client.get("/api/v1/creneaux", **entete(monde.a.membre)).status_code == 200
