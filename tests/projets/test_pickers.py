"""The porteur and partner pickers of the filing form scale: the page holds the organisations
chosen and a bounded first list (the créneau's own, then its regions'), any organisation is
found by name, only the créneau's coordination may search, and a forged id is refused on its field."""

import re

import factory
import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from creneaux import recherche
from creneaux.models import Creneau, Organisation
from projets.models import Projet
from tests.factories import CoordinationFactory, OrganisationFactory, UserFactory, circuit, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db):
    """Three hundred organisations of other regions (Montréal), unrelated to the créneau."""
    nom = factory.Sequence(lambda n: f"Entreprise montréalaise {n:03d}")
    return OrganisationFactory.create_batch(300, region=region("06"), nom=nom)


def _url(creneau):
    return reverse("creneaux:recherche_organisations", args=[creneau.slug])


def _resultats(client, creneau, q=""):
    reponse = client.get(_url(creneau), {"q": q})
    assert reponse.status_code == 200
    return reponse.json()["resultats"]


def _etape(projet):
    return reverse("projets:etape", args=[projet.pk, "porteur"])


def _select(page, nom):
    trouve = re.search(rf'<select name="{nom}"[^>]*>(.*?)</select>', page, re.S)
    assert trouve, nom
    return trouve.group(0), trouve.group(1)


def test_les_organisations_du_creneau_puis_de_sa_region_viennent_d_abord(client, c, brouillon, province):
    gestionnaire = OrganisationFactory(nom="Zénith gestionnaire", region=region("06"))
    Creneau.objects.filter(pk=c.creneau.pk).update(organisme_gestionnaire=gestionnaire)
    c.creneau.refresh_from_db()
    de_la_region = OrganisationFactory(nom="Atelier du Centre", region=region("17"))
    client.force_login(c.coordination)

    sans_saisie = [r["text"] for r in _resultats(client, c.creneau)]
    lies = {brouillon.porteur.nom, *brouillon.partenaires.values_list("nom", flat=True), gestionnaire.nom}
    # Linked to the créneau first (also its coordination's employer, its members' organisations),
    # then its region's.
    assert lies <= set(sans_saisie)
    assert de_la_region.nom in sans_saisie
    assert max(sans_saisie.index(nom) for nom in lies) < sans_saisie.index(de_la_region.nom)
    assert not {o.nom for o in province} & set(sans_saisie)  # no other region without typing

    # Typing searches every organisation by name, at most LIMITE.
    trouvees = _resultats(client, c.creneau, "montréalaise")
    assert len(trouvees) == recherche.LIMITE
    assert all("montréalaise" in r["text"] for r in trouvees)
    assert [r["text"] for r in _resultats(client, c.creneau, province[42].nom.lower())] == [province[42].nom]
    assert _resultats(client, c.creneau, "zénith") == [
        {"value": str(gestionnaire.pk), "text": gestionnaire.nom, "detail": str(region("06").nom)}
    ]


@pytest.mark.parametrize("q", ["", "a", "entreprise mont"])
def test_la_recherche_fait_un_nombre_fixe_de_requetes(client, c, brouillon, province, django_assert_max_num_queries, q):
    client.force_login(c.coordination)
    client.get(_url(c.creneau))
    with django_assert_max_num_queries(8):
        assert len(_resultats(client, c.creneau, q)) <= recherche.LIMITE


def test_seule_la_coordination_du_creneau_cherche_les_organisations(client, c, brouillon):
    url = _url(c.creneau)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    autre = CoordinationFactory().personne.user
    for refuse in (autre, c.dr, c.central, c.membre, UserFactory()):
        client.force_login(refuse)
        assert client.get(url).status_code == 403
    client.force_login(c.coordination)
    assert client.get(url).status_code == 200
    Creneau.objects.filter(pk=c.creneau.pk).update(statut=Creneau.Statut.RETIRE)
    assert client.get(url).status_code == 403  # a withdrawn créneau files nothing more


def test_la_page_du_porteur_ne_liste_plus_toute_la_province(client, c, brouillon, province, django_assert_max_num_queries):
    client.force_login(c.coordination)
    client.get(_etape(brouillon))
    with django_assert_max_num_queries(15):
        page = client.get(_etape(brouillon)).content.decode()
    for nom in ("porteur", "partenaires"):
        select, options = _select(page, nom)
        assert f'data-picker-url="{_url(c.creneau)}"' in select
        assert options.count("<option") <= recherche.LIMITE + 1 + 3
        assert not any(o.nom in options for o in province)
    porteur = _select(page, "porteur")[1]
    assert re.search(rf'<option value="{brouillon.porteur_id}" selected>', porteur)
    partenaires = _select(page, "partenaires")[1]
    for pk in brouillon.partenaires.values_list("pk", flat=True):
        assert re.search(rf'<option value="{pk}" selected>', partenaires)
    assert "js/pickers.js" in page and "tom-select.complete.min.js" in page
    assert "<script>" not in page  # strict CSP: no inline script


def _porteur(projet, porteur, partenaires):
    return {"porteur": porteur, "partenaires": partenaires, "version_lue": projet.version, "suite": "enregistrer"}


def test_une_organisation_trouvee_est_acceptee_un_id_forge_refuse_sur_son_champ(client, c, brouillon, province):
    client.force_login(c.coordination)
    partenaires = list(brouillon.partenaires.values_list("pk", flat=True))
    loin = province[42]
    assert str(loin.pk) in {r["value"] for r in _resultats(client, c.creneau, loin.nom)}

    forge = client.post(_etape(brouillon), _porteur(brouillon, 999999, partenaires))
    assert forge.status_code == 200 and "Ce choix n'est pas offert" in forge.context["form"].errors["porteur"][0]
    forge = client.post(_etape(brouillon), _porteur(brouillon, brouillon.porteur_id, [*partenaires, 999999]))
    assert "Ce choix n'est pas offert" in forge.context["form"].errors["partenaires"][0]
    forge = client.post(_etape(brouillon), _porteur(brouillon, brouillon.porteur_id, [*partenaires, "x"]))
    assert forge.context["form"].errors["partenaires"]
    brouillon.refresh_from_db()
    assert set(brouillon.partenaires.values_list("pk", flat=True)) == set(partenaires)

    # Found by search in another region: accepted, and shown selected when the page comes back.
    assert client.post(_etape(brouillon), _porteur(brouillon, brouillon.porteur_id, [*partenaires, loin.pk])).status_code == 302
    projet = Projet.objects.get(pk=brouillon.pk)
    assert loin in projet.partenaires.all()
    page = client.get(_etape(projet)).content.decode()
    assert re.search(rf'<option value="{loin.pk}" selected>', _select(page, "partenaires")[1])
    assert Organisation.objects.count() > 300


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True)
def test_dans_le_navigateur_la_coordination_trouve_un_partenaire_en_tapant_son_nom(page, live_server):
    c = circuit()
    brouillon = c.projet(budget=False)
    loin = OrganisationFactory(nom="Institut lointain du design", region=region("06"))
    OrganisationFactory.create_batch(30, region=region("06"))
    session = Client()
    session.force_login(c.coordination)
    cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    erreurs = []
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    page.goto(_etape(brouillon))

    # The partners' select became a Tom Select: type two letters of a far organisation's name.
    champ = page.locator("#id_partenaires-ts-control")
    champ.click()
    champ.press_sequentially("lointain", delay=30)
    option = page.locator(".ts-dropdown .option", has_text="Institut lointain du design")
    expect(option).to_be_visible()
    expect(option).to_contain_text("Montréal")  # the detail line: its region
    option.click()
    page.keyboard.press("Escape")
    choisis = page.locator("#id_partenaires-ts-control").locator("xpath=..").locator(".item")
    expect(choisis.filter(has_text="Institut lointain du design")).to_have_count(1)
    expect(choisis.locator('.remove[title="Retirer"]')).to_have_count(brouillon.partenaires.count() + 1)
    page.click("button[value=enregistrer]")
    expect(page).to_have_url(re.compile(r"/etape/description/$"))
    assert loin in Projet.objects.get(pk=brouillon.pk).partenaires.all()
    assert not [e for e in erreurs if "Content Security Policy" in e or "Refused" in e], erreurs
    # The ORM calls above, made while Playwright's loop ran, used a connection of their own.
    connections.close_all()
