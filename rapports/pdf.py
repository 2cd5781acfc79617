"""The one way every document becomes a PDF: an HTML template rendered by WeasyPrint.

WeasyPrint reports missing images, fonts and bad CSS on the "weasyprint" logger; tests assert it
stays silent (tests/rapports/conftest.py).
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint.urls import URLFetcher

FEUILLE_IMPRESSION = "rapports/impression.css"

# Progress of the page layout, used by long documents generated in the background.
PROGRESSION_WEASYPRINT = logging.getLogger("weasyprint.progress")


def racines_statiques():
    """The folders of the portal's own static files: the only files a document may load."""
    return [Path(r).resolve() for r in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]]


class RecuperateurStatique(URLFetcher):
    """WeasyPrint's URL fetcher for the portal's documents: the portal's own static files
    (file: URLs inside racines_statiques(), after resolving '..' and links) and data: URLs;
    everything else — http(s), ftp, any other file such as /etc/passwd — is refused."""

    def __init__(self):
        super().__init__(timeout=5, allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        schema = url.split(":", 1)[0].lower()
        if schema == "data":
            return super().fetch(url, headers)
        if schema != "file":
            raise ValueError(f"Ressource externe refusée : {url[:200]}")
        chemin = Path(url2pathname(urlsplit(url).path)).resolve()
        if not chemin.is_file() or not any(chemin.is_relative_to(racine) for racine in racines_statiques()):
            raise ValueError(f"Fichier hors des fichiers statiques du portail refusé : {url[:200]}")
        return super().fetch(chemin.as_uri(), headers)


def _base_url():
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def _feuille():
    chemin = finders.find(FEUILLE_IMPRESSION)
    return weasyprint.CSS(filename=chemin, url_fetcher=RecuperateurStatique())


def contexte_impression(user, titre, sous_titre="", **contexte):
    """What every printed document shows in its running header and footer; `user` generated it.

    `langue`: the language the document is written in: the one the person is reading the portal
    in when they ask (the active language of the request: their choice, their browser's), so the
    running header (`titre`, translated by the caller in that same language) and the body agree.
    A background task has no request: it activates the language recorded with the request.
    """
    auteur = (user.get_full_name() or user.username) if user is not None and user.is_authenticated else ""
    return {
        "titre_document": titre,
        "sous_titre": sous_titre,
        "genere_le": timezone.localtime(),
        "genere_par": auteur,
        "langue": translation.get_language() or settings.LANGUAGE_CODE,
        **contexte,
    }


def code_langue(langue):
    """BCP 47 spelling of a Django language code: "fr-ca" → "fr-CA", "en" → "en"."""
    langue, _, region = langue.partition("-")
    return f"{langue.lower()}-{region.upper()}" if region else langue.lower()


def rendre_document(gabarit, contexte) -> weasyprint.Document:
    langue = contexte.get("langue") or translation.get_language()
    with translation.override(langue):
        # The root element's lang becomes the PDF's /Lang (what a screen reader speaks it in).
        html = render_to_string(gabarit, {**contexte, "langue_html": code_langue(langue)})
    return weasyprint.HTML(string=html, base_url=_base_url(), url_fetcher=RecuperateurStatique()).render(stylesheets=[_feuille()])


# Every document is a tagged PDF (PDF/UA-1): structure tree, language and title from the HTML,
# bookmarks from its headings, so a screen reader can read it.
VARIANTE_PDF = "pdf/ua-1"


def ecrire_pdf(document: weasyprint.Document) -> bytes:
    return document.write_pdf(pdf_variant=VARIANTE_PDF)


def rendre_pdf(gabarit, contexte) -> bytes:
    """Render `gabarit` with `contexte` (see contexte_impression) to PDF bytes."""
    return ecrire_pdf(rendre_document(gabarit, contexte))


def reponse_pdf(pdf: bytes, nom_fichier: str) -> HttpResponse:
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse
