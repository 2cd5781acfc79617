"""Québec display conventions as plain functions: 12500 → '12 500,00 $', 0.5 → '50,0 %'."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\xa0"


# Python's own grouping ("12,500.00"), turned into Québec's: one pass over a few characters.
_QUEBEC = str.maketrans({",": NBSP, ".": ","})
_PAS = {d: Decimal(1).scaleb(-d) for d in range(5)}


def _quebec(valeur, decimales) -> str:
    pas = _PAS.get(decimales) or Decimal(1).scaleb(-decimales)
    arrondi = Decimal(valeur).quantize(pas, rounding=ROUND_HALF_UP)
    # A tiny negative rounds to zero, shown without its sign.
    return f"{arrondi if arrondi else abs(arrondi):,f}".translate(_QUEBEC)


def format_argent(valeur, decimales=2) -> str:
    """12500 → '12 500,00 $' (non-breaking spaces, comma decimals, $ after)."""
    if valeur is None or valeur == "":
        return "—"
    return f"{_quebec(valeur, decimales)}{NBSP}$"


def format_nombre(valeur, decimales=0) -> str:
    if valeur is None or valeur == "":
        return "—"
    return _quebec(valeur, decimales)


def format_pourcentage(ratio, decimales=1) -> str:
    """0.5 → '50,0 %'."""
    if ratio is None or ratio == "":
        return "—"
    return f"{format_nombre(Decimal(ratio) * 100, decimales)}{NBSP}%"
