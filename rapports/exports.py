"""CSV and XLSX exports of a dashboard table: its columns, its rows, its total, nothing else.

Text cells never become formulas (noyau.tableur): CSV prefixes dangerous text with an
apostrophe, XLSX writes every text as a string cell."""

import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from noyau.tableur import ecrivain_csv
from rapports.indicateurs import ARGENT, TAUX, TEXTE

_FORMATS_XLSX = {ARGENT: '#,##0.00 "$"', TAUX: "0.0 %"}


def _valeur(v, fmt):
    if fmt == TEXTE:
        return "" if v is None else str(v)
    if fmt == TAUX and v is not None:
        return Decimal(v).quantize(Decimal("0.0001"))
    return v


def _rangees(tableau):
    yield [str(libelle) for _cle, libelle, _fmt in tableau.colonnes]
    for rangee in [*tableau.rangees(), *([tableau.rangee_total()] if tableau.total else [])]:
        yield [_valeur(v, fmt) for v, fmt in rangee]


def export_csv(tableau, nom):
    tampon = io.StringIO()
    tampon.write("\ufeff")  # Excel reads UTF-8 with a BOM
    ecrivain = ecrivain_csv(tampon, delimiter=";")
    for rangee in _rangees(tableau):
        ecrivain.writerow(["" if v is None else v for v in rangee])
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return reponse


def _cellule(feuille, valeur, entete, fmt):
    cellule = WriteOnlyCell(feuille, value=valeur)
    if isinstance(valeur, str):
        # openpyxl turns a string beginning with "=" into a formula: force a string cell.
        cellule.data_type = "s"
    if entete:
        cellule.font = Font(bold=True)
    elif fmt in _FORMATS_XLSX:
        cellule.number_format = _FORMATS_XLSX[fmt]
    return cellule


def export_xlsx(tableau, nom):
    """A streamed (write-only) workbook: thousands of rows in a fraction of a second."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(str(tableau.titre)[:31])
    formats = [fmt for _c, _l, fmt in tableau.colonnes]
    for i, rangee in enumerate(_rangees(tableau)):
        feuille.append([_cellule(feuille, v, i == 0, fmt) for v, fmt in zip(rangee, formats, strict=True)])
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.xlsx"'
    return reponse


EXPORTS = {"csv": export_csv, "xlsx": export_xlsx}
