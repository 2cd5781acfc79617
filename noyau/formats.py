"""Québec display conventions as plain functions: 12500 → '12 500,00 $', 0.5 → '50,0 %'."""

from decimal import ROUND_HALF_UP, Decimal

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
