"""Québec display conventions (loaded as a template builtin) and the `verdict` tag."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from comptes.permissions import verifier

register = template.Library()

NBSP = "\xa0"


def _groupes(entier: str) -> str:
    out = []
    while len(entier) > 3:
        out.insert(0, entier[-3:])
        entier = entier[:-3]
    out.insert(0, entier)
    return NBSP.join(out)


def format_argent(valeur, decimales=2) -> str:
    """12500 → '12 500,00 $' (non-breaking spaces, comma decimals, $ after)."""
    if valeur is None or valeur == "":
        return "—"
    q = Decimal(1).scaleb(-decimales)
    montant = Decimal(valeur).quantize(q, rounding=ROUND_HALF_UP)
    signe = "-" if montant < 0 else ""
    entier, _, frac = f"{abs(montant):f}".partition(".")
    texte = _groupes(entier) + ("," + frac if decimales else "")
    return f"{signe}{texte}{NBSP}$"


def format_nombre(valeur, decimales=0) -> str:
    if valeur is None or valeur == "":
        return "—"
    q = Decimal(1).scaleb(-decimales)
    nombre = Decimal(valeur).quantize(q, rounding=ROUND_HALF_UP)
    signe = "-" if nombre < 0 else ""
    entier, _, frac = f"{abs(nombre):f}".partition(".")
    return signe + _groupes(entier) + ("," + frac if decimales else "")


def format_pourcentage(ratio, decimales=1) -> str:
    """0.5 → '50,0 %'."""
    if ratio is None or ratio == "":
        return "—"
    return f"{format_nombre(Decimal(ratio) * 100, decimales)}{NBSP}%"


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
