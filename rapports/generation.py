"""Long reports are built in a separate process, with a progress the requesting page polls.

A report over more than SEUIL_ARRIERE_PLAN projects (the annex is the heavy part: WeasyPrint lays
out about 250 rows a second) is never built inside a web request: the request records a
DocumentGenere, a `manage.py generer_document` process builds it, and the page shows the progress
and then the download link.
"""

import logging
import subprocess
import sys
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from projets.models import Projet
from rapports import documents
from rapports.models import DocumentGenere
from rapports.pdf import PROGRESSION_WEASYPRINT, rendre_document

logger = logging.getLogger(__name__)

SEUIL_ARRIERE_PLAN = 800
# Annex rows per landscape page, to estimate the page count while laying out.
LIGNES_PAR_PAGE = 30


def nombre_de_projets(exercice, region=None):
    projets = Projet.objects.filter(exercice=exercice)
    if region is not None:
        projets = projets.filter(creneau__region_porteuse=region)
    return projets.count()


def construire(sorte, user, exercice, region=None):
    """(template, context, file name) of a report."""
    if sorte == DocumentGenere.Sorte.RAPPORT_REGIONAL:
        return documents.rapport_regional(user, region, exercice)
    return documents.rapport_provincial(user, exercice)


def demander(sorte, user, exercice, region=None):
    """Record the request (or reuse the same one still under way) and start its process after commit."""
    en_cours = DocumentGenere.objects.filter(
        sorte=sorte,
        exercice=exercice,
        region=region,
        demande_par=user,
        statut__in=(DocumentGenere.Statut.EN_ATTENTE, DocumentGenere.Statut.EN_COURS),
    ).first()
    if en_cours:
        return en_cours
    document = DocumentGenere.objects.create(sorte=sorte, exercice=exercice, region=region, demande_par=user)
    transaction.on_commit(lambda: lancer(document))
    return document


def lancer(document):
    subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "generer_document", str(document.pk)],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )


class _Progression(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" steps into the document's progress (10 → 90 %)."""

    def __init__(self, document, pages_estimees):
        super().__init__(logging.INFO)
        self.document, self.pages_estimees, self.pages, self.derniere = document, max(pages_estimees, 1), 0, 0.0

    def emit(self, record):
        if "Creating layout - Page" not in str(record.msg):
            return
        self.pages += 1
        maintenant = time.monotonic()
        if maintenant - self.derniere >= 1:
            self.derniere = maintenant
            avancement = 10 + int(80 * min(self.pages / self.pages_estimees, 1))
            DocumentGenere.objects.filter(pk=self.document.pk).update(progression=avancement)


def generer(document):
    """Build `document` now (called by the generer_document command)."""
    debut = time.monotonic()
    DocumentGenere.objects.filter(pk=document.pk).update(statut=DocumentGenere.Statut.EN_COURS, progression=5)
    try:
        gabarit, contexte, nom = construire(document.sorte, document.demande_par, document.exercice, document.region)
        estimation = 8 + len(contexte["ind"].projets) // LIGNES_PAR_PAGE
        DocumentGenere.objects.filter(pk=document.pk).update(progression=10)
        suivi = _Progression(document, estimation)
        niveau = PROGRESSION_WEASYPRINT.level
        PROGRESSION_WEASYPRINT.addHandler(suivi)
        PROGRESSION_WEASYPRINT.setLevel(logging.INFO)
        try:
            rendu = rendre_document(gabarit, contexte)
        finally:
            PROGRESSION_WEASYPRINT.removeHandler(suivi)
            PROGRESSION_WEASYPRINT.setLevel(niveau)
        DocumentGenere.objects.filter(pk=document.pk).update(progression=92)
        document.fichier.save(nom, ContentFile(rendu.write_pdf()), save=False)
        document.pages = len(rendu.pages)
        document.statut = DocumentGenere.Statut.PRET
    except Exception as e:
        logger.exception("Échec de la génération du document %s", document.pk)
        document.statut, document.erreur = DocumentGenere.Statut.ECHEC, str(e)
    document.progression = 100
    document.duree = time.monotonic() - debut
    document.termine_le = timezone.now()
    document.save()
