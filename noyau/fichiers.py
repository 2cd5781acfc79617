"""The one check every upload goes through (project attachments, procès-verbaux, signed
documents): size cap (settings.PIECE_JOINTE_TAILLE_MAX), type judged by the content — never by
the name or the browser's Content-Type — and a stored name whose extension is the detected
type's. HTML, SVG, scripts and anything unrecognised are refused."""

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from noyau.formats import format_nombre

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The accepted types and the extension a stored file of that type gets.
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx"}
TYPES_ACCEPTES = set(EXTENSIONS)
FORMATS_LISIBLES = "PDF, DOCX, XLSX, PNG, JPEG"
# Office Open XML files are zip containers: the folder that says which kind.
DOSSIER_OFFICE = {DOCX: "word/", XLSX: "xl/"}
# Bytes read to recognise a file's signature (filetype needs at most 8 KiB).
ENTETE = 8192

TYPE_REFUSE = _(
    "Ce fichier n'est pas accepté : seuls les formats %(formats)s sont permis (le contenu est vérifié, pas seulement le nom)."
)
TROP_GROS = _("Ce fichier pèse %(taille)s Mo ; la limite est de %(limite)s Mo.")


def _mega(octets):
    return format_nombre(octets / (1024 * 1024), 1)


def _type_zip(fichier):
    """DOCX or XLSX by the zip's content (a word/ or xl/ folder), else None."""
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
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
        return _type_zip(fichier)
    return None


def nom_sur(nom, mime):
    """`rapport.html` detected as PNG → `rapport_html.png`: no dot left in the stem, the
    extension is the detected type's."""
    tige = get_valid_filename(PurePath(str(nom or "")).name.rsplit(".", 1)[0].replace(".", "_"))[:100] or "fichier"
    return f"{tige}.{EXTENSIONS[mime]}"


def verifier_fichier(fichier):
    """Check size then content; rename `fichier` to its safe name; return the real MIME type or
    raise ValidationError (French message)."""
    limite = settings.PIECE_JOINTE_TAILLE_MAX
    if fichier.size > limite:
        raise ValidationError(TROP_GROS, code="trop_gros", params={"taille": _mega(fichier.size), "limite": _mega(limite)})
    mime = type_reel(fichier)
    if mime not in TYPES_ACCEPTES:
        raise ValidationError(TYPE_REFUSE, code="type_refuse", params={"formats": FORMATS_LISIBLES})
    fichier.name = nom_sur(fichier.name, mime)
    return mime
