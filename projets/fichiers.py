"""Attachments: accepted by their content (not their name), size-capped, served after a rule check."""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from noyau.formats import format_nombre

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# DOCX and XLSX are zip containers: the content check opens the zip and looks for this folder.
DOSSIER_OFFICE = {DOCX: "word/", XLSX: "xl/"}
TYPES_ACCEPTES = {PDF, PNG, JPEG, DOCX, XLSX}
FORMATS_LISIBLES = "PDF, DOCX, XLSX, PNG, JPEG"
# Bytes read to recognise a file's signature (filetype needs at most 8 KiB).
ENTETE = 8192

TYPE_REFUSE = _(
    "Ce fichier n'est pas accepté : seuls les formats %(formats)s sont permis (le contenu est vérifié, pas seulement le nom)."
)
TROP_GROS = _("Ce fichier pèse %(taille)s Mo ; la limite est de %(limite)s Mo.")


def _mega(octets):
    return format_nombre(octets / (1024 * 1024), 1)


def _type_office(fichier):
    """DOCX or XLSX when the zip holds word/ or xl/, else None."""
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
    except zipfile.BadZipFile:
        return None
    finally:
        fichier.seek(0)
    for mime, dossier in DOSSIER_OFFICE.items():
        if any(n.startswith(dossier) for n in noms):
            return mime
    return None


def type_reel(fichier):
    """The MIME type of an uploaded file judged by its content, or None when not accepted."""
    fichier.seek(0)
    entete = fichier.read(ENTETE)
    fichier.seek(0)
    trouve = filetype.guess(entete)
    if trouve is None:
        return None
    if trouve.mime in (PDF, PNG, JPEG):
        return trouve.mime
    if trouve.mime in (DOCX, XLSX, "application/zip"):
        return _type_office(fichier)
    return None


def valider_piece_jointe(fichier):
    """Check size then content; return the real MIME type or raise ValidationError (French message)."""
    limite = settings.PIECE_JOINTE_TAILLE_MAX
    if fichier.size > limite:
        raise ValidationError(TROP_GROS, code="trop_gros", params={"taille": _mega(fichier.size), "limite": _mega(limite)})
    mime = type_reel(fichier)
    if mime not in TYPES_ACCEPTES:
        raise ValidationError(TYPE_REFUSE, code="type_refuse", params={"formats": FORMATS_LISIBLES})
    return mime


def servir(champ_fichier, nom, type_mime):
    """Stream a stored file as a download (the caller has checked the rule)."""
    return FileResponse(champ_fichier.open("rb"), as_attachment=True, filename=nom, content_type=type_mime)
