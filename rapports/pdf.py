"""The one way every document becomes a PDF: an HTML template rendered by WeasyPrint.

WeasyPrint reports missing images, fonts and bad CSS on the "weasyprint" logger; tests assert it
stays silent (tests/rapports/conftest.py).
"""

import logging

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

FEUILLE_IMPRESSION = "rapports/impression.css"

# Progress of the page layout, used by long documents generated in the background.
PROGRESSION_WEASYPRINT = logging.getLogger("weasyprint.progress")


def _feuille():
    chemin = finders.find(FEUILLE_IMPRESSION)
    return weasyprint.CSS(filename=chemin)


def contexte_impression(user, titre, sous_titre="", **contexte):
    """What every printed document shows in its running header and footer; `user` generated it."""
    auteur = (user.get_full_name() or user.username) if user is not None and user.is_authenticated else ""
    return {
        "titre_document": titre,
        "sous_titre": sous_titre,
        "genere_le": timezone.localtime(),
        "genere_par": auteur,
        **contexte,
    }


def rendre_document(gabarit, contexte) -> weasyprint.Document:
    html = render_to_string(gabarit, contexte)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[_feuille()])


def rendre_pdf(gabarit, contexte) -> bytes:
    """Render `gabarit` with `contexte` (see contexte_impression) to PDF bytes."""
    return rendre_document(gabarit, contexte).write_pdf()


def reponse_pdf(pdf: bytes, nom_fichier: str) -> HttpResponse:
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse
