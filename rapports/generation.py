"""Long reports are built in a separate process, with a progress the requesting page polls.

A report over more than SEUIL_ARRIERE_PLAN projects is never built inside a web request (the annex
is the heavy part: WeasyPrint lays out a few hundred table rows a second and keeps ~150 kB per row
until the PDF is written). The request records a DocumentGenere, a `manage.py generer_document`
process builds it, and the page shows the progress and then the download link.

To bound memory, the process lays the annex out in slices of TRANCHE rows, writes each slice to PDF
and frees it, joins the parts and lays the « Page X de Y » footer over the joined pages.
"""

import datetime
import io
import logging
import subprocess
import sys
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from projets.models import Projet
from rapports import documents
from rapports.models import DocumentGenere
from rapports.pdf import PROGRESSION_WEASYPRINT, rendre_document, rendre_pdf

logger = logging.getLogger(__name__)

# About 5 s of layout on this machine; above it a request could approach the worker timeout.
SEUIL_ARRIERE_PLAN = 400
# Annex rows per landscape page, to estimate the page count while laying out.
LIGNES_PAR_PAGE = 21
DELAI_ABANDON = datetime.timedelta(minutes=20)
# Annex rows laid out at once.
TRANCHE = 1500


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
    """Record the request (or reuse the same one still under way) and start its process after commit.

    A request older than DELAI_ABANDON whose process never finished (killed) is not reused.
    """
    en_cours = DocumentGenere.objects.filter(
        sorte=sorte,
        exercice=exercice,
        region=region,
        demande_par=user,
        statut__in=(DocumentGenere.Statut.EN_ATTENTE, DocumentGenere.Statut.EN_COURS),
        cree_le__gte=timezone.now() - DELAI_ABANDON,
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
        niveau, propage = PROGRESSION_WEASYPRINT.level, PROGRESSION_WEASYPRINT.propagate
        PROGRESSION_WEASYPRINT.addHandler(suivi)
        # The steps feed the progress only, not the logs.
        PROGRESSION_WEASYPRINT.setLevel(logging.INFO)
        PROGRESSION_WEASYPRINT.propagate = False
        try:
            pdf, document.pages = rendre_par_tranches(gabarit, contexte)
        finally:
            PROGRESSION_WEASYPRINT.removeHandler(suivi)
            PROGRESSION_WEASYPRINT.setLevel(niveau)
            PROGRESSION_WEASYPRINT.propagate = propage
        document.fichier.save(nom, ContentFile(pdf), save=False)
        document.statut = DocumentGenere.Statut.PRET
    except Exception as e:
        logger.exception("Échec de la génération du document %s", document.pk)
        document.statut, document.erreur = DocumentGenere.Statut.ECHEC, str(e)
    document.progression = 100
    document.duree = time.monotonic() - debut
    document.termine_le = timezone.now()
    document.save()


def rendre_par_tranches(gabarit, contexte):
    """(PDF bytes, page count) of a report whose annex is laid out TRANCHE rows at a time."""
    projets = contexte["annexe"]
    contexte = {**contexte, "pagination_externe": True}
    parties, formats = [], []
    for debut in range(0, max(len(projets), 1), TRANCHE):
        tranche = {**contexte, "annexe": projets[debut : debut + TRANCHE]}
        rendu = rendre_document(gabarit if debut == 0 else "rapports/annexe_suite.html", tranche)
        formats += [page.width > page.height for page in rendu.pages]
        parties.append(rendu.write_pdf())
        del rendu
    numeros = PdfReader(io.BytesIO(rendre_pdf("rapports/pagination_seule.html", {"pages": formats})))
    sortie = PdfWriter()
    for partie in parties:
        sortie.append(PdfReader(io.BytesIO(partie)))
    for page, numero in zip(sortie.pages, numeros.pages, strict=True):
        page.merge_page(numero)
        page.compress_content_streams()  # merging leaves the page's content uncompressed (×12 in size)
    sortie.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    tampon = io.BytesIO()
    sortie.write(tampon)
    return tampon.getvalue(), len(sortie.pages)
