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

from comptes.models import langue_de
from noyau.horloge import maintenant
from noyau.signature import signer_pdf
from rapports import documents
from rapports.models import DocumentGenere
from rapports.pdf import ecrire_pdf, rendre_document

logger = logging.getLogger(__name__)

# Projects above which a report leaves the request for the worker.
SEUIL_ARRIERE_PLAN = 400
# A request whose task never finished (worker lost) is not reused after this.
DELAI_ABANDON = datetime.timedelta(minutes=20)
# Documents of upper layers built here too: sorte → function(DocumentGenere) returning
# (template, context, file name), registered by their app (the cahier de séance: seances.cahier).
CONSTRUCTEURS = {}
# Final documents the portal signs (noyau.signature) once built.
SIGNES = {DocumentGenere.Sorte.RAPPORT_PROVINCIAL}


def construire(sorte, user, exercice, region=None):
    """(template, context, file name) of a report."""
    if sorte == DocumentGenere.Sorte.RAPPORT_REGIONAL:
        return documents.rapport_regional(user, region, exercice)
    return documents.rapport_provincial(user, exercice)


def demander(sorte, user, exercice, region=None, *, reunion=None, empreinte=""):
    """Record the request (or reuse the same one still under way) and queue its task after commit.

    A request older than DELAI_ABANDON whose task never finished (worker lost) is not reused. A
    séance's document (`reunion`) is the same for whoever asks: the one under way for the same
    content (`empreinte`) is reused.
    """
    en_cours = DocumentGenere.objects.filter(
        sorte=sorte,
        exercice=exercice,
        region=region,
        statut__in=(DocumentGenere.Statut.EN_ATTENTE, DocumentGenere.Statut.EN_COURS),
        cree_le__gte=maintenant() - DELAI_ABANDON,
    )
    meme = {"reunion": reunion, "empreinte": empreinte} if reunion is not None else {"demande_par": user}
    en_cours = en_cours.filter(**meme).first()
    if en_cours:
        return en_cours
    document = DocumentGenere.objects.create(
        sorte=sorte, exercice=exercice, region=region, demande_par=user, reunion=reunion, empreinte=empreinte
    )
    transaction.on_commit(lambda: generer_document.delay(document.pk))
    return document


@shared_task
def generer_document(pk):
    """The worker's task: build the document recorded as `pk`."""
    generer(DocumentGenere.objects.select_related("demande_par", "region", "reunion").get(pk=pk))


def generer(document):
    """Build `document` now, in the language of the person who asked for it (the one chosen on
    their account, else the portal's), not the worker's."""
    debut = time.monotonic()
    DocumentGenere.objects.filter(pk=document.pk).update(statut=DocumentGenere.Statut.EN_COURS, progression=10)
    try:
        with translation.override(langue_de(document.demande_par) or settings.LANGUAGE_CODE):
            if document.sorte in CONSTRUCTEURS:
                gabarit, contexte, nom = CONSTRUCTEURS[document.sorte](document)
            else:
                gabarit, contexte, nom = construire(document.sorte, document.demande_par, document.exercice, document.region)
            rendu = rendre_document(gabarit, contexte)
        document.pages = len(rendu.pages)
        pdf = ecrire_pdf(rendu)
        if document.sorte in SIGNES:
            pdf = signer_pdf(pdf)
        document.fichier.save(nom, ContentFile(pdf), save=False)
        document.statut = DocumentGenere.Statut.PRET
    except Exception as e:
        logger.exception("Échec de la génération du document %s", document.pk)
        document.statut, document.erreur = DocumentGenere.Statut.ECHEC, str(e)
    document.progression = 100
    document.duree = time.monotonic() - debut
    document.termine_le = maintenant()
    document.save()
