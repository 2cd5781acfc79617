"""The « Bilans » menu link opens a page for every role that follows it: the comité régional reads
its region's bilans, the administrator every bilan (the follow-up), both read only."""

import pytest
from django.urls import reverse

from bilans import actions
from bilans.models import BilanAnnuel, Statut
from creneaux.models import Mandat
from noyau.permissions import verifier
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import ComiteRegionalFactory, MandatFactory, PersonneFactory, UserFactory


def membre_du_comite_regional(region, role=Mandat.Role.MEMBRE):
    comite = ComiteRegionalFactory(region=region)
    return MandatFactory(comite=comite, role=role, personne=PersonneFactory(avec_compte=True)).personne.user


@pytest.fixture
def regionaux(monde):
    """Members and chair of the comité régional of the créneau's region, and of another region."""
    centre, autre = monde.creneau.region_porteuse, monde.autre.region_porteuse
    return {
        "membre_regional": membre_du_comite_regional(centre),
        "president_regional": membre_du_comite_regional(centre, Mandat.Role.PRESIDENT),
        "regional_autre_region": membre_du_comite_regional(autre),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def bilan(monde):
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    return actions.soumettre(pret_a_soumettre(b, monde.coordination), par=monde.coordination)


PAGES_EDITION = ["bilans:sections", "bilans:indicateurs", "bilans:avancement", "bilans:programmation"]


@pytest.mark.parametrize("qui", ["membre_regional", "president_regional", "admin"])
def test_lecture_seule_du_bilan(client, monde, regionaux, bilan, qui):
    user = regionaux[qui]
    assert verifier("bilans.voir", user, bilan).ok and verifier("bilans.voir", user, monde.creneau).ok
    for regle in ("bilans.modifier", "bilans.soumettre", "bilans.valider"):
        assert not verifier(regle, user, bilan).ok
    assert not verifier("bilans.ouvrir", user, monde.creneau).ok
    client.force_login(user)
    page = client.get(bilan.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Soumettre à la direction régionale" not in html and "Renvoyer pour révision" not in html
    assert "Mettre à jour" not in html and "Rédiger" not in html
    assert client.get(reverse("bilans:creneau", args=[monde.creneau.slug])).status_code == 200
    assert client.get(reverse("bilans:comparaison", args=[monde.creneau.slug])).status_code == 200
    assert client.get(reverse("rapports:bilan", args=[bilan.pk])).status_code == 200
    for nom in PAGES_EDITION:
        assert client.get(reverse(nom, args=[bilan.pk])).status_code == 403
    assert client.post(reverse("bilans:valider", args=[bilan.pk]), {"accepter": "1"}).status_code == 403
    bilan.refresh_from_db()
    assert bilan.statut == Statut.SOUMIS


@pytest.mark.parametrize("qui", ["regional_autre_region"])
def test_le_comite_regional_d_une_autre_region_n_y_a_pas_acces(client, monde, regionaux, bilan, qui):
    user = regionaux[qui]
    assert not verifier("bilans.voir", user, bilan).ok
    client.force_login(user)
    reponse = client.get(bilan.get_absolute_url())
    assert reponse.status_code == 403
    assert "comité régional de sa région" in reponse.content.decode()


def test_la_page_bilans_du_comite_regional(client, monde, regionaux, bilan):
    user = regionaux["membre_regional"]
    client.force_login(user)
    page = client.get(reverse("bilans:mes_bilans"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Meuble" in html and "Aliments santé" not in html  # the other region's créneau
    assert bilan.get_absolute_url() in html
    assert "en lecture seule" in html
    assert reverse("plans:creneau", args=[monde.creneau.slug]) not in html  # plans.voir refuses them
    client.force_login(regionaux["regional_autre_region"])
    html = client.get(reverse("bilans:mes_bilans")).content.decode()
    assert "Aliments santé" in html and "Meuble" not in html


def test_le_lien_bilans_du_menu_ouvre_une_page_pour_chacun(client, monde, regionaux):
    """The menu sends the Ministère and the administrator to the follow-up, the others to their bilans."""
    for user in [*regionaux.values(), monde.coordination, monde.membre, monde.dr, monde.central]:
        page_suivi = verifier("bilans.suivi", user).ok
        assert page_suivi or verifier("bilans.mes_bilans", user).ok
        client.force_login(user)
        url = reverse("bilans:suivi") if page_suivi else reverse("bilans:mes_bilans")
        assert client.get(url).status_code == 200, user
    assert verifier("bilans.suivi", regionaux["admin"]).ok
    assert not verifier("bilans.suivi", regionaux["membre_regional"]).ok


def test_sans_role_les_deux_pages_sont_refusees(client, monde):
    """The menu link must then be hidden (navigation: suivi.ok or mes_bilans.ok)."""
    for user in (monde.sans_role, UserFactory(is_staff=True)):
        assert not verifier("bilans.suivi", user).ok and not verifier("bilans.mes_bilans", user).ok
        client.force_login(user)
        assert client.get(reverse("bilans:mes_bilans")).status_code == 403
        assert client.get(reverse("bilans:suivi")).status_code == 403


def test_l_administrateur_suit_toutes_les_regions(client, monde, regionaux):
    for creneau, coordination in ((monde.creneau, monde.coordination), (monde.autre, monde.coordination_autre)):
        actions.ouvrir(creneau, par=coordination, exercice=EXERCICE)
    client.force_login(regionaux["admin"])
    page = client.get(reverse("bilans:suivi") + f"?exercice={EXERCICE}")
    assert page.status_code == 200
    creneaux = {c.nom for cs in page.context["par_region"].values() for c in cs}
    assert {"Meuble", "Aliments santé"} <= creneaux
    assert "Accepter le bilan" not in page.content.decode()


@pytest.mark.parametrize("n", [2, 25])
def test_page_du_comite_regional_en_nombre_borne_de_requetes(client, monde, regionaux, n, django_assert_max_num_queries):
    from tests.factories import CreneauFactory

    for i in range(n):
        c = CreneauFactory(nom=f"Créneau {i}", slug=f"creneau-{i}", region_porteuse=monde.creneau.region_porteuse)
        BilanAnnuel.objects.create(creneau=c, exercice=EXERCICE)
    actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    client.force_login(regionaux["membre_regional"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("bilans:mes_bilans"))
    assert page.content.decode().count("creneau-") >= n


def test_la_lecture_regionale_est_une_regle_des_membres_d_un_comite_regional(client, monde, regionaux):
    """Rule `bilans.lecture_regionale` (the note of « Mes bilans »): any comité régional's members."""
    for nom in ("membre_regional", "president_regional", "regional_autre_region"):
        assert verifier("bilans.lecture_regionale", regionaux[nom]).ok
    for user in (monde.coordination, monde.membre, monde.dr, monde.sans_role):
        assert verifier("bilans.lecture_regionale", user).raison == "Vous ne siégez à aucun comité régional."
    client.force_login(regionaux["membre_regional"])
    assert 'id="lecture-regionale"' in client.get(reverse("bilans:mes_bilans")).content.decode()
    client.force_login(monde.membre)
    assert 'id="lecture-regionale"' not in client.get(reverse("bilans:mes_bilans")).content.decode()
