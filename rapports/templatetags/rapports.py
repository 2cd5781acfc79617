from django import template

from noyau.formats import format_argent, format_nombre, format_pourcentage
from rapports.indicateurs import ARGENT, NOMBRE, TAUX

register = template.Library()

_FORMATS = {ARGENT: format_argent, NOMBRE: format_nombre, TAUX: format_pourcentage}


@register.filter
def cellule(valeur, fmt):
    """A table cell shown in its column's format (money, number, rate or text)."""
    if fmt in _FORMATS:
        return _FORMATS[fmt](valeur)
    return "" if valeur is None else valeur
