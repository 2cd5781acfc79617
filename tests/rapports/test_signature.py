"""Final documents signed by the portal (PAdES, pyHanko): the decision letter and the provincial
report, checked by poppler's `pdfsig` as any reader would — the signature covers the whole
document and is valid; one byte changed and it is not. Without a certificate, they go out unsigned
and the pages say so. The tagging (PDF/UA) survives the signature (lire_pdf checks it)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from noyau import horloge
from projets import actions
from projets.models import Statut
from rapports import generation
from rapports.models import DocumentGenere
from tests.factories import circuit
from tests.rapports.conftest import lire_pdf
from tests.rapports.donnees import province
from tests.signature import NOM, assert_signe, pdfsig

pytestmark = pytest.mark.django_db


def _projet_accepte():
    c = circuit()
    projet = c.projet(statut=Statut.MINISTERE)
    with horloge.figee(datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC)):
        actions.accepter(projet, par=c.central, montant=Decimal("40000"))
    return c, projet


def test_la_lettre_de_decision_est_signee_par_le_portail(client, certificat):
    c, projet = _projet_accepte()
    client.force_login(c.coordination)
    reponse = client.get(reverse("rapports:lettre_decision", args=[projet.pk]))
    texte, _pages, _lecteur = lire_pdf(reponse)  # still a tagged PDF once signed
    assert "Lettre de décision" in texte
    sortie = assert_signe(reponse.content)
    assert "Signature Type: ETSI.CAdES.detached" in sortie  # PAdES
    page = client.get(reverse("projets:detail", args=[projet.pk])).content.decode()
    assert "Document signé électroniquement (PAdES) par « Portail ACCORD (essais) »" in page


def test_sans_certificat_la_lettre_part_sans_signature_et_la_page_le_dit(client):
    c, projet = _projet_accepte()
    client.force_login(c.coordination)
    reponse = client.get(reverse("rapports:lettre_decision", args=[projet.pk]))
    lire_pdf(reponse)
    assert "Signature #1" not in pdfsig(reponse.content)
    page = client.get(reverse("projets:detail", args=[projet.pk])).content.decode()
    assert "Document non signé : aucun certificat de signature n'est configuré pour le portail." in page


def test_le_rapport_provincial_est_signe(client, central, certificat):
    province()
    client.force_login(central)
    reponse = client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    lire_pdf(reponse)
    assert_signe(reponse.content)
    assert NOM in client.get(reverse("rapports:tableau_de_bord")).content.decode()


def test_le_rapport_provincial_prepare_en_arriere_plan_est_signe_et_sa_page_le_dit(
    client, central, certificat, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(generation, "SEUIL_ARRIERE_PLAN", 1)
    province()
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("rapports:rapport_provincial"), {"exercice": 2026})
    document = DocumentGenere.objects.get()
    assert document.statut == DocumentGenere.Statut.PRET
    reponse = client.get(reverse("rapports:document_fichier", args=[document.pk]))
    contenu = b"".join(reponse.streaming_content)
    assert_signe(contenu)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Document signé électroniquement (PAdES) par « Portail ACCORD (essais) »" in page
