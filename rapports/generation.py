"""Long reports are built by the task worker (rapports.tasks), with a status the requesting page polls.

A report over more than SEUIL_ARRIERE_PLAN projects is not built inside a web request: the request
records a DocumentGenere, queues its task after commit, and the page shows the progress and then
the download link. The PDF holds the summary (figures, charts, tables); the full project list is
its XLSX/CSV annex (rapports.views.AnnexeRapport), so the PDF stays a few pages at any scale.
Generated files go through Django's storage API (STORAGES["default"]), never a path of the web node.
"""

import datetime
import logging
import time

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from noyau.horloge import maintenant
from rapports import documents
from rapports.models import DocumentGenere
from rapports.pdf import ecrire_pdf, rendre_document

logger = logging.getLogger(__name__)

# Projects above which a report leaves the request for the worker.
SEUIL_ARRIERE_PLAN = 400
# A request whose task never finished (worker lost) is not reused after this.
DELAI_ABANDON = datetime.timedelta(minutes=20)


def construire(sorte, user, exercice, region=None):
    """(template, context, file name) of a report."""
    if sorte == DocumentGenere.Sorte.RAPPORT_REGIONAL:
        return documents.rapport_regional(user, region, exercice)
    return documents.rapport_provincial(user, exercice)


def demander(sorte, user, exercice, region=None):
    """Record the request (or reuse the same one still under way) and queue its task after commit.

    A request older than DELAI_ABANDON whose task never finished (worker lost) is not reused. The
    document is written in the language active now (the one the person reads the portal in).
    """
    langue = translation.get_language() or settings.LANGUAGE_CODE
    en_cours = DocumentGenere.objects.filter(
        sorte=sorte,
        exercice=exercice,
        region=region,
        demande_par=user,
        langue=langue,
        statut__in=(DocumentGenere.Statut.EN_ATTENTE, DocumentGenere.Statut.EN_COURS),
        cree_le__gte=maintenant() - DELAI_ABANDON,
    ).first()
    if en_cours:
        return en_cours
    document = DocumentGenere.objects.create(sorte=sorte, exercice=exercice, region=region, demande_par=user, langue=langue)
    transaction.on_commit(lambda: generer_document.delay(document.pk))
    return document


@shared_task
def generer_document(pk):
    """The worker's task: build the document recorded as `pk`."""
    generer(DocumentGenere.objects.select_related("demande_par", "region").get(pk=pk))


def generer(document):
    """Build `document` now, in the language the person was reading the portal in when they asked
    (recorded with the request), not the worker's."""
    debut = time.monotonic()
    DocumentGenere.objects.filter(pk=document.pk).update(statut=DocumentGenere.Statut.EN_COURS, progression=10)
    try:
        with translation.override(document.langue or settings.LANGUAGE_CODE):
            gabarit, contexte, nom = construire(document.sorte, document.demande_par, document.exercice, document.region)
            rendu = rendre_document(gabarit, contexte)
        document.pages = len(rendu.pages)
        document.fichier.save(nom, ContentFile(ecrire_pdf(rendu)), save=False)
        document.statut = DocumentGenere.Statut.PRET
    except Exception as e:
        logger.exception("Échec de la génération du document %s", document.pk)
        document.statut, document.erreur = DocumentGenere.Statut.ECHEC, str(e)
    document.progression = 100
    document.duree = time.monotonic() - debut
    document.termine_le = maintenant()
    document.save()
