"""The member picker of a comité scales and keeps people private: the page holds the people of the
créneau's organisations first (bounded), others are found by name once two letters are typed,
and only by those who may compose the comité."""

import re

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from creneaux import recherche
from creneaux.models import Mandat
from noyau.horloge import aujourdhui
from tests.factories import (
    ComiteFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    OrganisationFactory,
    PersonneFactory,
    ProjetFactory,
    region,
)


def _recherche(comite):
    return reverse("creneaux:recherche_personnes", args=[comite.pk])


def _resultats(client, url, q=""):
    reponse = client.get(url, {"q": q})
    assert reponse.status_code == 200
    return reponse.json()["resultats"]


def _noms(resultats):
    return [r["text"] for r in resultats]


@pytest.fixture
def province(db):
    """Sixty people of organisations that have nothing to do with the créneau (another region)."""
    ailleurs = OrganisationFactory(region=region("06"), nom="Organisme montréalais")
    return PersonneFactory.create_batch(60, organisation=ailleurs)


def test_les_personnes_des_organisations_du_creneau_viennent_d_abord(client, comite, coordination, province):
    creneau = comite.creneau
    fabricant = OrganisationFactory(nom="Meubles Laliberté", region=region("17"))
    assis = MandatFactory(comite=comite, personne__prenom="Aline", personne__nom="Assise", personne__organisation=fabricant)
    collegue = PersonneFactory(prenom="Bruno", nom="Collègue", organisation=fabricant)  # same organisation
    porteur = OrganisationFactory(nom="Cégep porteur")
    ProjetFactory(creneau=creneau, porteur=porteur)
    du_porteur = PersonneFactory(prenom="Céline", nom="Porteuse", organisation=porteur)
    homonyme = PersonneFactory(prenom="Bruno", nom="Collègue-Ailleurs", organisation=province[0].organisation)
    client.force_login(coordination)

    sans_saisie = _noms(_resultats(client, _recherche(comite)))
    # The créneau's people only (the current member excluded: already on the comité), never the province.
    assert "Bruno Collègue" in sans_saisie
    assert "Céline Porteuse" in sans_saisie
    assert str(assis.personne) not in sans_saisie
    assert not {str(p) for p in province} & set(sans_saisie)
    assert str(homonyme) not in sans_saisie

    # One letter: still only the first choices.
    assert not {str(p) for p in province} & set(_noms(_resultats(client, _recherche(comite), "b")))

    # Two letters or more: anyone by name, the créneau's people first.
    trouves = _noms(_resultats(client, _recherche(comite), "collègue"))
    assert trouves == [str(collegue), str(homonyme)]
    assert _noms(_resultats(client, _recherche(comite), "bruno coll")) == [str(collegue), str(homonyme)]
    assert _noms(_resultats(client, _recherche(comite), "porteuse")) == [str(du_porteur)]


def test_les_resultats_sont_bornes_et_ne_disent_que_le_nom_et_l_organisation(client, comite, coordination, province):
    PersonneFactory.create_batch(30, nom="Tremblay", organisation=province[0].organisation)
    client.force_login(coordination)
    resultats = _resultats(client, _recherche(comite), "tremblay")
    assert len(resultats) == recherche.LIMITE
    assert all("Tremblay" in r["text"] for r in resultats)
    assert resultats[0] == {"value": resultats[0]["value"], "text": resultats[0]["text"], "detail": "Organisme montréalais"}
    assert "@" not in str(resultats)  # no e-mail address, no telephone


@pytest.mark.parametrize("q", ["", "ab", "organisation de"])
def test_la_recherche_fait_un_nombre_fixe_de_requetes(client, comite, coordination, province, django_assert_max_num_queries, q):
    for _i in range(30):
        MandatFactory(comite=comite)
    client.force_login(coordination)
    client.get(_recherche(comite))  # session and roles warmed up
    with django_assert_max_num_queries(8):
        assert len(_resultats(client, _recherche(comite), q)) <= recherche.LIMITE


@pytest.mark.parametrize(
    "route,de",
    [
        ("creneaux:recherche_personnes", lambda comite: comite.pk),  # the comité's mandate form
        ("creneaux:organisations_comite", lambda comite: comite.pk),
        ("creneaux:recherche_gestionnaires", lambda comite: comite.creneau.slug),  # the créneau's file
    ],
)
def test_qui_compose_le_comite_ou_tient_la_fiche_peut_chercher_les_autres_non(
    client, comite, coordination, coordination_autre, dr_centre, dr_autre, membre, sans_role, route, de
):
    url = reverse(route, args=[de(comite)])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for refuse in (coordination_autre, dr_autre, membre, sans_role):
        client.force_login(refuse)
        assert client.get(url).status_code == 403
    for admis in (coordination, dr_centre):
        client.force_login(admis)
        assert client.get(url).status_code == 200


def test_le_comite_regional_est_compose_par_sa_direction_regionale(client, comite_regional, dr_centre, dr_autre, province):
    de_la_region = PersonneFactory(prenom="Régis", nom="Régional", organisation=OrganisationFactory(region=region("17")))
    url = _recherche(comite_regional)
    client.force_login(dr_autre)
    assert client.get(url).status_code == 403
    client.force_login(dr_centre)
    noms = _noms(_resultats(client, url))
    assert str(de_la_region) in noms
    assert not {str(p) for p in province} & set(noms)


def test_la_page_d_ajout_ne_liste_plus_toute_la_province(client, comite, coordination, province):
    MandatFactory(comite=comite)
    client.force_login(coordination)
    page = client.get(reverse("creneaux:mandat_ajouter", args=[comite.pk])).content.decode()
    select = re.search(r'<select name="personne"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the personne select"
    assert f'data-picker-url="{_recherche(comite)}"' in select.group(0)
    assert select.group(1).count("<option") <= recherche.LIMITE + 1
    assert not any(str(p) in select.group(1) for p in province)
    organisations = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', page, re.S)
    assert organisations.group(1).count("<option") <= recherche.LIMITE + 1
    assert "Organisme montréalais" not in organisations.group(1)
    assert "js/pickers.js" in page and "tom-select" in page
    assert "<script>" not in page  # the strict CSP: no inline script


def _mandat(personne, **extra):
    return {"personne": personne, "role": "membre", "college": "affaires", "debut": aujourdhui().isoformat(), **extra}


def test_une_personne_trouvee_par_recherche_est_acceptee_un_id_forge_refuse(client, comite, coordination, province):
    url = reverse("creneaux:mandat_ajouter", args=[comite.pk])
    client.force_login(coordination)
    loin = province[5]
    loin.organisation.type = "entreprise"
    loin.organisation.save()
    forge = client.post(url, _mandat(999999))
    assert forge.status_code == 200
    assert forge.context["form"].errors["personne"]
    assert not comite.mandats.exists()
    pas_un_nombre = client.post(url, _mandat("1 OR 1=1"))
    assert pas_un_nombre.context["form"].errors["personne"]
    # Found by name (two letters typed), so accepted by the form.
    assert str(loin.pk) in {r["value"] for r in _resultats(client, _recherche(comite), loin.nom)}
    assert client.post(url, _mandat(loin.pk)).status_code == 302
    assert comite.mandats.get().personne == loin


def test_la_personne_choisie_reste_affichee_quand_le_formulaire_est_refuse(client, comite, coordination, province):
    client.force_login(coordination)
    loin = province[7]
    reponse = client.post(reverse("creneaux:mandat_ajouter", args=[comite.pk]), _mandat(loin.pk, fin="2000-01-01"))
    assert reponse.context["form"].errors
    select = re.search(r'<select name="personne"[^>]*>(.*?)</select>', reponse.content.decode(), re.S).group(1)
    assert re.search(rf'<option value="{loin.pk}" selected>', select)


def test_une_personne_deja_membre_n_est_pas_proposee(client, comite, coordination):
    deja = MandatFactory(comite=comite, personne__nom="Déjà-Là").personne
    ancien = MandatFactory(comite=comite, personne__nom="Ancien", fin=aujourdhui()).personne
    client.force_login(coordination)
    noms = _noms(_resultats(client, _recherche(comite), "")) + _noms(_resultats(client, _recherche(comite), "Déjà"))
    assert str(deja) not in noms
    assert str(ancien) in _noms(_resultats(client, _recherche(comite), "Ancien"))
    assert Mandat.objects.filter(personne=deja, comite=comite).count() == 1


def test_l_organisation_d_une_nouvelle_personne_se_cherche_aussi(client, comite, coordination, province):
    url = reverse("creneaux:organisations_comite", args=[comite.pk])
    client.force_login(coordination)
    montrealais = province[0].organisation
    assert montrealais.nom not in _noms(_resultats(client, url))  # not offered first
    assert _noms(_resultats(client, url, "montréalais")) == [montrealais.nom]  # found by name
    montrealais.type = "entreprise"
    montrealais.save()
    ajout = reverse("creneaux:mandat_ajouter", args=[comite.pk])
    nouveau = _mandat("", prenom="Rosalie", nom="Plausible")
    assert client.post(ajout, nouveau | {"organisation": 999999}).context["form"].errors["organisation"]
    assert client.post(ajout, nouveau | {"organisation": montrealais.pk}).status_code == 302
    assert comite.mandats.get().personne.organisation == montrealais


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True)
def test_dans_le_navigateur_la_coordination_trouve_une_personne_en_tapant_son_nom(page, live_server):
    comite = ComiteFactory(creneau=CreneauFactory(region_porteuse=region("17")))
    coordination = CoordinationFactory(creneau=comite.creneau).personne.user
    loin = PersonneFactory(
        prenom="Ophélie", nom="Lointaine", organisation=OrganisationFactory(region=region("06"), type="entreprise")
    )
    PersonneFactory.create_batch(30, organisation=loin.organisation)
    session = Client()
    session.force_login(coordination)
    cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto(reverse("creneaux:mandat_ajouter", args=[comite.pk]))

    page.locator("#id_personne-ts-control").locator("xpath=..").click()
    page.keyboard.type("lointaine", delay=30)
    option = page.locator(".ts-dropdown .option", has_text="Ophélie Lointaine")
    expect(option).to_be_visible()
    option.click()
    page.select_option("#id_college", "affaires")
    page.click("main [name=enregistrer]")
    expect(page).to_have_url(re.compile(re.escape(comite.get_absolute_url()) + "$"))
    assert comite.mandats.get().personne == loin
    connections.close_all()  # the ORM calls above used a connection of their own
