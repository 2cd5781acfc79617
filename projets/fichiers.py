"""Attachments: accepted by their content (not their name), size-capped, served after a rule
check. The check itself is the kernel's, shared by every upload (noyau.fichiers)."""

from django.http import FileResponse

from noyau.fichiers import FORMATS_LISIBLES, TYPES_ACCEPTES, type_reel, verifier_fichier

__all__ = ["FORMATS_LISIBLES", "TYPES_ACCEPTES", "servir", "type_reel", "valider_piece_jointe"]


def valider_piece_jointe(fichier):
    """Check size then content; the file is renamed to its detected type; return the real MIME
    type or raise ValidationError (French message)."""
    return verifier_fichier(fichier)


def servir(champ_fichier, nom, type_mime):
    """Stream a stored file as a download (the caller has checked the rule)."""
    return FileResponse(champ_fichier.open("rb"), as_attachment=True, filename=nom, content_type=type_mime)
