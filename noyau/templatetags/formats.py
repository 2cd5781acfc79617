"""Québec display conventions (loaded as a template builtin) and the `verdict` tag."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

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


@register.filter("date_longue")
def date_longue(valeur):
    """A date as letters print it: « 1er décembre 2026 », « 2 décembre 2026 » in French; « 1 December
    2026 » in English (no « 1er » there)."""
    if not valeur:
        return ""
    if isinstance(valeur, datetime.datetime):
        valeur = timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur
        valeur = valeur.date()
    jour = "1er" if valeur.day == 1 and (get_language() or "fr").startswith("fr") else str(valeur.day)
    return f"{jour} {date_format(valeur, 'F Y')}"


@register.simple_tag(takes_context=True)
def verdict(context, nom, obj=None):
    """`{% verdict "projets.soumettre" projet as v %}` → v.ok, v.raison."""
    return verifier(nom, context["request"].user, obj)


@register.filter("depuis")
def depuis(moment):
    """« depuis 3 jours », or « à l'instant » under a minute (never « depuis 0 minute »)."""
    if not moment:
        return ""
    if timezone.now() - moment < datetime.timedelta(minutes=1):
        return gettext("à l'instant")
    return gettext("depuis %(duree)s") % {"duree": timesince(moment)}


@register.filter("en_attente_depuis")
def en_attente_depuis(moment):
    if not moment:
        return ""
    if timezone.now() - moment < datetime.timedelta(minutes=1):
        return gettext("en attente depuis un instant")
    return gettext("en attente depuis %(duree)s") % {"duree": timesince(moment)}
