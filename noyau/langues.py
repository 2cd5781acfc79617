"""Catalogue data (indicators, sectors…) carry an English name beside the French one: the page or
document shows the one of the language it is read in."""

from django.utils import translation


def en_anglais(texte_anglais: str) -> str:
    """`texte_anglais` when the active language is English, else "" (the caller falls back on French)."""
    langue = translation.get_language() or ""
    return texte_anglais if langue.startswith("en") and texte_anglais else ""
