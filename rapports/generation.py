"""Long reports are built by the task worker (rapports.tasks), with a status the requesting page polls.

A report over more than SEUIL_ARRIERE_PLAN projects is not built inside a web request: the request
records a DocumentGenere, queues its task after commit, and the page shows the progress and then
the download link. The PDF holds the summary (figures, charts, tables); the full project list is
its XLSX/CSV annex (rapports.views.AnnexeRapport), so the PDF stays a few pages at any scale.
Generated files go through Django's storage API (STORAGES["default"]), never a path of the web node.

The DocumentGenere row is the job's outbox: it is written in the request's transaction and handed
to the queue after the commit; if the broker is down then, or the worker dies while building it,
the periodic sweep (`relancer`, Celery beat) hands it over again, at most DOCUMENT_ESSAIS times,
then marks it failed; its page then offers « Relancer ». A request never reuses a document that
is stuck: it gets a new one, with its own task.
"""

import datetime
import logging
import time

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from comptes.models import langue_de
from noyau.horloge import maintenant
from noyau.signature import signer_pdf
from rapports import documents
from rapports.exports import EXPORTS
from rapports.indicateurs import calculer
from rapports.models import DocumentGenere
from rapports.pdf import ecrire_pdf, rendre_document

logger = logging.getLogger(__name__)

# Projects above which a report leaves the request for the worker.
SEUIL_ARRIERE_PLAN = 400
# Rows above which a report's annex (XLSX, CSV) is built on the worker too.
SEUIL_ANNEXE = 300
# Documents of upper layers built here too: sorte → function(DocumentGenere) returning
# (template, context, file name), registered by their app (the cahier de séance: seances.cahier).
CONSTRUCTEURS = {}
# Final documents the portal signs (noyau.signature) once built.
SIGNES = {DocumentGenere.Sorte.RAPPORT_PROVINCIAL}


def _delai(nom):
    return datetime.timedelta(seconds=getattr(settings, nom))


def construire(sorte, user, exercice, region=None):
    """(template, context, file name) of a report."""
    if sorte == DocumentGenere.Sorte.RAPPORT_REGIONAL:
        return documents.rapport_regional(user, region, exercice)
    return documents.rapport_provincial(user, exercice)


def annexe(document):
    """(file name, bytes) of a report's annex: the full list of its projects, as XLSX or CSV."""
    liste = calculer(document.exercice, document.region).liste_projets()
    nom = documents.nom_annexe(document.exercice, document.region)
    return f"{nom}.{document.format}", EXPORTS[document.format](liste, nom).content


def demander(sorte, user, exercice, region=None, format="pdf", *, reunion=None, empreinte=""):
    """Record the request (or reuse the same one still under way) and queue its task after commit.

    A request still waiting past DOCUMENT_DELAI_ATTENTE, or being built past DOCUMENT_DELAI_BLOQUE,
    is stuck (broker or worker lost): it is not reused, the new request gets a task of its own. A
    séance's document (`reunion`) is the same for whoever asks: the one under way for the same
    content (`empreinte`) is reused. The document is written in the language active now (the one
    the person reads the portal in).
    """
    moment = maintenant()
    langue = translation.get_language() or settings.LANGUAGE_CODE
    meme = {"reunion": reunion, "empreinte": empreinte} if reunion is not None else {"demande_par": user}
    en_cours = (
        DocumentGenere.objects.filter(sorte=sorte, exercice=exercice, region=region, format=format, langue=langue, **meme)
        .filter(
            Q(statut=DocumentGenere.Statut.EN_ATTENTE, remis_le__gte=moment - _delai("DOCUMENT_DELAI_ATTENTE"))
            | Q(statut=DocumentGenere.Statut.EN_COURS, commence_le__gte=moment - _delai("DOCUMENT_DELAI_BLOQUE"))
        )
        .first()
    )
    if en_cours:
        return en_cours
    document = DocumentGenere.objects.create(
        sorte=sorte, exercice=exercice, region=region, demande_par=user, format=format, essais=1, remis_le=moment,
        reunion=reunion, empreinte=empreinte, langue=langue,
    )  # fmt: skip
    transaction.on_commit(lambda: remettre(document.pk))
    return document


def remettre(pk):
    """Hand document `pk` to the queue; a broker that is down leaves it to the sweep."""
    try:
        generer_document.delay(pk)
    except Exception:
        logger.warning("File de tâches injoignable : document %s laissé au balayage", pk)


def relancer():
    """The sweep: a document not started DOCUMENT_DELAI_ATTENTE after its last handover, or started
    and unfinished after DOCUMENT_DELAI_BLOQUE (its worker died), is handed over again; after
    DOCUMENT_ESSAIS handovers it is marked failed (its page offers « Relancer »)."""
    moment = maintenant()
    bloques = DocumentGenere.objects.filter(
        Q(statut=DocumentGenere.Statut.EN_ATTENTE, remis_le__lt=moment - _delai("DOCUMENT_DELAI_ATTENTE"))
        | Q(statut=DocumentGenere.Statut.EN_ATTENTE, remis_le=None)
        | Q(statut=DocumentGenere.Statut.EN_COURS, commence_le__lt=moment - _delai("DOCUMENT_DELAI_BLOQUE"))
    )
    remis = []
    for pk in bloques.values_list("pk", flat=True):
        with transaction.atomic():
            document = DocumentGenere.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if document is None or document.termine:
                continue
            if document.essais >= settings.DOCUMENT_ESSAIS:
                document.statut = DocumentGenere.Statut.ECHEC
                document.erreur = f"abandonné après {document.essais} remises à la file"
                document.termine_le = moment
                logger.error("Document %s abandonné après %s remises à la file", pk, document.essais)
            else:
                document.statut, document.progression = DocumentGenere.Statut.EN_ATTENTE, 0
                document.essais += 1
                document.remis_le = moment
                remis.append(pk)
                transaction.on_commit(lambda pk=pk: remettre(pk))
            document.save()
    return remis


@shared_task(acks_late=True, reject_on_worker_lost=True)
def generer_document(pk):
    """The worker's task: build the document recorded as `pk` (nothing if it is already built:
    a task delivered twice builds it once)."""
    document = DocumentGenere.objects.select_related("demande_par", "region", "reunion").filter(pk=pk).first()
    if document is None or document.termine:
        return
    generer(document)


@shared_task
def relancer_documents():
    """Periodic (Celery beat): see `relancer`."""
    relancer()


def generer(document):
    """Build `document` now, in the language the person was reading the portal in when they asked
    (recorded with the request), not the worker's."""
    debut = time.monotonic()
    document.commence_le = maintenant()
    DocumentGenere.objects.filter(pk=document.pk).update(
        statut=DocumentGenere.Statut.EN_COURS, progression=10, commence_le=document.commence_le
    )
    try:
        with translation.override(document.langue or langue_de(document.demande_par) or settings.LANGUAGE_CODE):
            if document.format in EXPORTS:
                nom, contenu = annexe(document)
            else:
                if document.sorte in CONSTRUCTEURS:
                    gabarit, contexte, nom = CONSTRUCTEURS[document.sorte](document)
                else:
                    gabarit, contexte, nom = construire(document.sorte, document.demande_par, document.exercice, document.region)
                rendu = rendre_document(gabarit, contexte)
                document.pages, contenu = len(rendu.pages), ecrire_pdf(rendu)
                if document.sorte in SIGNES:
                    contenu = signer_pdf(contenu)
        document.fichier.save(nom, ContentFile(contenu), save=False)
        document.statut = DocumentGenere.Statut.PRET
    except Exception as e:
        logger.exception("Échec de la génération du document %s", document.pk)
        document.statut, document.erreur = DocumentGenere.Statut.ECHEC, str(e)
    document.progression = 100
    document.duree = time.monotonic() - debut
    document.termine_le = maintenant()
    document.save()
