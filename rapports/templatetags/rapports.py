from html import escape

from django import template
from django.utils.safestring import mark_safe

from noyau.formats import format_argent, format_nombre, format_pourcentage
from noyau.html import texte_html
from rapports.indicateurs import ARGENT, NOMBRE, TAUX

register = template.Library()

_FORMATS = {ARGENT: format_argent, NOMBRE: format_nombre, TAUX: format_pourcentage}


@register.filter
def cellule(valeur, fmt):
    """A table cell shown in its column's format (money, number, rate or text)."""
    if fmt in _FORMATS:
        return _FORMATS[fmt](valeur)
    return "" if valeur is None else valeur


_NUM = ' class="num text-end"'


def _cellules(rangee):
    # Plain string building: Django's format_html per cell (thousands) cost more than the figures.
    return "".join(f"<td{'' if fmt == 'texte' else _NUM}>{texte_html(cellule(valeur, fmt))}</td>" for valeur, fmt in rangee)


@register.simple_tag
def tableau_html(tableau, classe=""):
    """A report table (rapports.indicateurs), drawn in Python: the dashboard's tables have a row per
    créneau (hundreds), whose thousands of cells cost most of the page when drawn by a template.
    Every value is escaped unless already safe."""
    entetes = "".join(
        f'<th{"" if fmt == "texte" else _NUM} scope="col">{texte_html(libelle)}</th>' for _cle, libelle, fmt in tableau.colonnes
    )
    corps = "\n".join(f"    <tr>{_cellules(r)}</tr>" for r in tableau.rangees())
    total = tableau.rangee_total()
    pied = f'<tfoot><tr class="total">{_cellules(total)}</tr></tfoot>' if total else ""
    classes = f"table table-sm table-striped align-middle {classe}".strip()
    return mark_safe(  # noqa: S308 -- every value above went through texte_html
        f'<table class="{escape(classes)}" id="tableau-{escape(tableau.cle)}">\n'
        f"  <thead><tr>{entetes}</tr></thead>\n  <tbody>\n{corps}\n  </tbody>\n  {pied}\n</table>"
    )
