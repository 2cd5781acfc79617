import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from comptes.models import Preferences
from rapports import generation
from rapports.models import DocumentGenere
from tests.factories import AffectationMinistereFactory
from tests.rapports.conftest import lire_pdf
from tests.rapports.donnees import province

pytestmark = pytest.mark.django_db


@pytest.fixture
def gros_rapport(monkeypatch):
    """Reports over one project go to the task worker (in-process here: no REDIS_URL in tests)."""
    monkeypatch.setattr(generation, "SEUIL_ARRIERE_PLAN", 1)
    province()


def test_a_large_provincial_report_is_built_in_the_background(client, central, gros_rapport, django_capture_on_commit_callbacks):
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        reponse = client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == document.get_absolute_url()
    assert "En attente" in client.get(document.get_absolute_url()).content.decode()

    for rappel in rappels:
        rappel()
    document.refresh_from_db()
    assert document.statut == DocumentGenere.Statut.PRET and document.progression == 100
    etat = client.get(document.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Télécharger le PDF" in etat and "hx-trigger" not in etat

    texte, pages, lecteur = lire_pdf(client.get(reverse("rapports:document_fichier", args=[document.pk])))
    assert "490 000,25 $" in texte and pages == document.pages
    assert "Page 1 de" not in lecteur.pages[0].extract_text()  # the cover
    for n in range(2, pages + 1):
        assert f"Page {n} de {pages}" in lecteur.pages[n - 1].extract_text().replace("\xa0", " ")
    # The PDF is the summary; the project list is its spreadsheet annex, linked from it.
    titres = ("Design durable du meuble", "Mission export Chicago", "Sonar côtier partagé", "Valorisation des algues")
    assert not any(t in texte for t in titres)
    lien_csv = reverse("rapports:annexe_provinciale", args=["csv"]) + "?exercice=2026"
    assert settings.PORTAIL_URL + lien_csv in "".join(texte.split())
    annexe = client.get(lien_csv).content.decode("utf-8-sig")
    assert all(t in annexe for t in titres)


ANGLAIS = ("FSDCE provincial report", "Fiscal year 2026-2027", "Highlights", "Amounts granted by issue")
FRANCAIS = ("Rapport provincial FSDCE", "Exercice 2026-2027", "Faits saillants", "Montants accordés par enjeu")


@pytest.mark.parametrize(
    ("choisie", "travailleur", "attendus", "absents", "lang"),
    [
        ("en", "fr-ca", ANGLAIS, FRANCAIS, "en"),
        ("fr-ca", "en", FRANCAIS, ANGLAIS, "fr-CA"),
        (None, "en", FRANCAIS, ANGLAIS, "fr-CA"),
    ],
)
def test_a_background_report_is_in_the_language_of_the_person_who_asked(
    client, central, gros_rapport, django_capture_on_commit_callbacks, choisie, travailleur, attendus, absents, lang
):
    """Whatever the worker's own language: the one the requester reads the portal in when asking
    (their choice, carried by the language cookie set at log-in), else the portal's (French)."""
    if choisie:
        Preferences.objects.create(user=central, langue=choisie)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = choisie
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    with translation.override(travailleur):
        for rappel in rappels:
            rappel()
    document = DocumentGenere.objects.get()
    assert document.statut == DocumentGenere.Statut.PRET, document.erreur
    texte, _, lecteur = lire_pdf(client.get(reverse("rapports:document_fichier", args=[document.pk])))
    assert all(t in texte for t in attendus), [t for t in attendus if t not in texte]
    assert not any(t in texte for t in absents)
    assert str(lecteur.trailer["/Root"]["/Lang"]) == lang


def test_asking_twice_reuses_the_report_under_way_unless_abandoned(client, central, gros_rapport):
    client.force_login(central)
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    assert DocumentGenere.objects.count() == 1
    # Its process died an hour ago without a word: a new request starts afresh.
    DocumentGenere.objects.update(cree_le=timezone.now() - datetime.timedelta(hours=1))
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    assert DocumentGenere.objects.count() == 2


def test_a_background_report_is_for_the_person_who_asked(client, central, gros_rapport, django_capture_on_commit_callbacks):
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("rapports:rapport_regional", args=["17"]), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert document.statut == DocumentGenere.Statut.PRET
    autre = AffectationMinistereFactory(niveau="central", region=None).user
    client.force_login(autre)
    assert client.get(document.get_absolute_url()).status_code == 403
    assert client.get(reverse("rapports:document_fichier", args=[document.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("rapports:document_fichier", args=[document.pk])).status_code == 302
