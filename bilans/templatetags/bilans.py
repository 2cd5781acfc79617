from django import template

from bilans.models import Indicateur
from noyau.formats import format_argent, format_nombre

register = template.Library()

BADGES = {"non_commence": "light", "brouillon": "secondary", "soumis": "primary", "a_reviser": "warning", "accepte": "success"}


@register.filter
def en_unite(valeur, indicateur):
    """A value in its indicator's unit: 12 500,00 $ or 12 500."""
    if indicateur.type_valeur == Indicateur.TypeValeur.ARGENT:
        return format_argent(valeur)
    return format_nombre(valeur)


@register.filter
def badge_statut(statut):
    return BADGES.get(statut, "secondary")
