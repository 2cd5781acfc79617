"""What a user sees when a part of the platform fails, instead of a bare « Server Error (500) ».

- `erreur_serveur` (handler500): the database down → the 503 page; file storage refusing a write
  (read-only, full) → the 503 page that says the file was not saved; a NUL character that reached
  the database → the 400 page; anything else → the 500 page. Each page says the action may already
  be saved and how to check before retrying. They render without the database, the session or a
  context processor (templates/erreurs/base.html).
- `EnTetesPrives`: authenticated pages and downloads are never stored by a browser or a proxy
  (`Cache-Control: private, no-store`).
- `TailleRequete`: a request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (the attachment cap and
  room for the form) is refused (413) from its Content-Length, before a byte of it is read.
"""

import errno
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

ERREURS_STOCKAGE = {errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EIO}


def genre_de_panne(exc):
    """'base', 'stockage', 'nul' or None for any other exception."""
    if isinstance(exc, OperationalError | InterfaceError):
        return "base"
    if isinstance(exc, OSError) and exc.errno in ERREURS_STOCKAGE:
        return "stockage"
    if isinstance(exc, ValueError) and "NUL" in str(exc):
        return "nul"
    return None


def _page(gabarit, statut, **contexte):
    return HttpResponse(loader.get_template(gabarit).render(contexte), status=statut)


def erreur_serveur(request):
    genre = genre_de_panne(sys.exc_info()[1])
    if genre == "base":
        reponse = _page("503.html", 503)
        reponse["Retry-After"] = "60"
    elif genre == "stockage":
        reponse = _page("503.html", 503, stockage=True)
    elif genre == "nul":
        reponse = _page("400.html", 400, nul=True)
    else:
        reponse = _page("500.html", 500)
    patch_cache_control(reponse, no_store=True, private=True)
    return reponse


class EnTetesPrives:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(reponse, private=True, no_store=True)
        return reponse


class TailleRequete:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            logger.warning("Requête de %s octets refusée avant lecture", taille)
            reponse = _page("413.html", 413, max_mo=settings.PIECE_JOINTE_TAILLE_MAX // (1024 * 1024))
            reponse["Connection"] = "close"
            return reponse
        return self.get_response(request)
