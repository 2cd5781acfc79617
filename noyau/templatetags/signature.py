"""Whether a document is signed by the portal, and by whom (noyau.signature), for its page."""

from django import template

from noyau import signature

register = template.Library()


@register.simple_tag
def signature_du_fichier(fichier):
    """The Signature found in a stored PDF (a FieldFile), or None."""
    if not fichier:
        return None
    try:
        with fichier.open("rb") as f:
            return signature.lire(f.read())
    except OSError:
        return None


@register.simple_tag
def signature_du_portail():
    """The Signature the portal puts on its documents now, or None (no certificate configured)."""
    return signature.configuree()
