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


def valeur_plan(valeur):
    """A plan's value (target, achieved): 40 for 40.00, 2,5 for 2.50; — when there is none."""
    if valeur is None:
        return "—"
    return format_nombre(valeur, 0 if valeur == valeur.to_integral_value() else 2)


register.filter("valeur_plan", valeur_plan)


@register.filter
def atteint_sur_cible(avancement):
    """« 32 / 40 »: what the action achieved against the plan's target."""
    return f"{valeur_plan(avancement.valeur_atteinte)} / {valeur_plan(avancement.action.cible)}"


@register.filter
def badge_statut(statut):
    return BADGES.get(statut, "secondary")
