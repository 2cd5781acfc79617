"""Québec display conventions (loaded as a template builtin) and the `verdict` tag."""

from django import template

from noyau.formats import format_argent, format_nombre, format_pourcentage
from noyau.permissions import verifier

register = template.Library()

register.filter("argent", format_argent)
register.filter("nombre", format_nombre)


@register.filter("argent_arrondi")
def argent_arrondi(valeur):
    return format_argent(valeur, 0)


@register.filter("taux")
def taux(valeur, decimales=1):
    """A ratio (0.5) is shown as '50,0 %'."""
    return format_pourcentage(valeur, decimales)


@register.simple_tag(takes_context=True)
def verdict(context, nom, obj=None):
    """`{% verdict "projets.soumettre" projet as v %}` → v.ok, v.raison."""
    return verifier(nom, context["request"].user, obj)
