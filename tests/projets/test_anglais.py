"""What the English screenshots of the Ministère's pages showed in French: the descending sort
labels of the project list, « 1er » before an English month, « priorité » in a regional
priority's name, and the French space before a colon."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from noyau.templatetags.formats import date_longue
from projets import actions
from projets.filters import ProjetFilter
from projets.models import Projet
from tests.factories import PrioriteRegionaleFactory, circuit, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _langue_du_portail():
    """A page asked in English leaves English active in the test's thread (LocaleMiddleware):
    the tests that follow get the portal's language back."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _tri(langue):
    with translation.override(langue):
        return [str(nom) for _v, nom in ProjetFilter({}, queryset=Projet.objects.none()).form.fields["tri"].choices]


def test_les_tris_decroissants_suivent_la_langue_de_la_page():
    assert _tri("en")[1:5] == ["Number", "Number (descending)", "Title", "Title (descending)"]
    assert _tri("fr-ca")[1:5] == ["Numéro", "Numéro (décroissant)", "Titre", "Titre (décroissant)"]


def test_le_premier_du_mois_en_lettres_selon_la_langue():
    with translation.override("fr-ca"):
        assert date_longue(datetime.date(2026, 12, 1)) == "1er décembre 2026"
    with translation.override("en"):
        assert date_longue(datetime.date(2026, 12, 1)) == "1 December 2026"
        assert date_longue(datetime.date(2026, 12, 2)) == "2 December 2026"


def test_la_fiche_d_un_projet_en_anglais(client):
    c = circuit()
    priorite = PrioriteRegionaleFactory(region=region("17"), numero=1, titre="Faire de nos collectivités des pôles")
    projet = actions.soumettre(c.projet(priorite=priorite), par=c.coordination).projet
    with translation.override("en"):
        assert str(priorite) == "Centre-du-Québec – priority 1"
    client.force_login(c.central)
    page = client.get(reverse("projets:detail", args=[projet.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Centre-du-Québec – priority 1: Faire de nos collectivités des pôles" in page and "priorité" not in page
    assert "Assistance requested: <strong>" in page  # the budget's summary
    assert "Amount: 50" in page  # the submission in the thread
    assert " : " not in page.split('id="fil"')[1].split("</section>")[0]


def test_les_priorites_de_la_page_d_une_region_en_anglais_et_en_francais(client):
    priorite = PrioriteRegionaleFactory(region=region("17"), numero=2, titre="Attirer des familles")
    client.force_login(circuit().central)
    url = priorite.region.get_absolute_url()
    assert "<strong>Priority 2:</strong> Attirer des familles" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-CA").content.decode()
    assert "<strong>Priorité 2\xa0:</strong> Attirer des familles" in page
