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
    # Never taken by a worker (broker lost) past DOCUMENT_DELAI_ATTENTE: a new request starts afresh.
    DocumentGenere.objects.update(remis_le=timezone.now() - datetime.timedelta(minutes=3))
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    assert DocumentGenere.objects.count() == 2
    # Started by a worker that died (no news past DOCUMENT_DELAI_BLOQUE): the same.
    DocumentGenere.objects.update(statut="en_cours", commence_le=timezone.now() - datetime.timedelta(minutes=16))
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    assert DocumentGenere.objects.count() == 3


def test_a_broker_down_when_a_report_is_asked_is_not_an_error_and_the_sweep_hands_it_over(
    client, central, gros_rapport, monkeypatch, django_capture_on_commit_callbacks
):
    def en_panne(pk):
        raise OSError("Error 111 connecting to redis")

    monkeypatch.setattr(generation.generer_document, "delay", en_panne)
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert reponse.status_code == 302 and document.statut == DocumentGenere.Statut.EN_ATTENTE
    assert generation.relancer() == []  # too early: it may still be on its way

    remis = []
    monkeypatch.setattr(generation.generer_document, "delay", remis.append)
    DocumentGenere.objects.update(remis_le=timezone.now() - datetime.timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert generation.relancer() == [document.pk]
    assert remis == [document.pk]
    document.refresh_from_db()
    assert document.essais == 2 and document.statut == DocumentGenere.Statut.EN_ATTENTE


def test_a_report_stuck_after_every_handover_fails_and_its_page_offers_to_start_again(
    client, central, gros_rapport, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(generation.generer_document, "delay", lambda pk: None)  # the worker is gone
    client.force_login(central)
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    DocumentGenere.objects.update(
        statut="en_cours", essais=settings.DOCUMENT_ESSAIS, commence_le=timezone.now() - datetime.timedelta(minutes=16)
    )
    generation.relancer()
    document.refresh_from_db()
    assert document.statut == DocumentGenere.Statut.ECHEC and "abandonné" in document.erreur
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Relancer" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("rapports:document_relancer", args=[document.pk]))
    nouveau = DocumentGenere.objects.exclude(pk=document.pk).get()
    assert reponse.status_code == 302 and reponse["Location"] == nouveau.get_absolute_url()
    # Someone else cannot start it again.
    client.force_login(AffectationMinistereFactory(niveau="central", region=None).user)
    assert client.post(reverse("rapports:document_relancer", args=[document.pk])).status_code == 403


def test_a_task_delivered_twice_builds_the_report_once(client, central, gros_rapport, django_capture_on_commit_callbacks):
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert document.statut == DocumentGenere.Statut.PRET
    avant = (document.fichier.name, document.termine_le)
    generation.generer_document(document.pk)
    document.refresh_from_db()
    assert (document.fichier.name, document.termine_le) == avant


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


@pytest.mark.parametrize("format,debut", [("xlsx", b"PK"), ("csv", "\ufeff".encode())])
def test_a_long_annex_is_built_on_the_worker(
    client, central, gros_rapport, monkeypatch, django_capture_on_commit_callbacks, format, debut
):
    monkeypatch.setattr(generation, "SEUIL_ANNEXE", 1)
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.get(reverse("rapports:annexe_provinciale", args=[format]), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == document.get_absolute_url()
    assert document.statut == DocumentGenere.Statut.PRET and document.format == format, document.erreur
    page = client.get(document.get_absolute_url()).content.decode()
    assert "liste des projets" in page and f"Télécharger la liste ({format.upper()})" in page
    fichier = client.get(reverse("rapports:document_fichier", args=[document.pk]))
    contenu = b"".join(fichier.streaming_content)
    assert contenu.startswith(debut) and fichier["Content-Disposition"].endswith(f'.{format}"')
    # The report itself is another document.
    client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    assert DocumentGenere.objects.count() == 2
