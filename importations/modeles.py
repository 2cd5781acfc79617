"""Template files of each kind of import: the headers and one example row, in CSV (UTF-8 with a
BOM and `;`, what a French-language Excel opens as it is) and in XLSX (with a second sheet that
explains each column)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from importations.ressources import RESSOURCES


def modele_csv(type_):
    colonnes = RESSOURCES[type_].COLONNES
    flux = io.StringIO()
    ecrivain = csv.writer(flux, delimiter=";")
    ecrivain.writerow([c.nom for c in colonnes])
    ecrivain.writerow([c.exemple for c in colonnes])
    return ("\ufeff" + flux.getvalue()).encode("utf-8")


def modele_xlsx(type_):
    colonnes = RESSOURCES[type_].COLONNES
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = type_
    feuille.append([c.nom for c in colonnes])
    feuille.append([c.exemple for c in colonnes])
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for i, c in enumerate(colonnes, 1):
        feuille.column_dimensions[feuille.cell(1, i).column_letter].width = max(14, len(c.nom) + 4, len(str(c.exemple)) + 2)
    aide = classeur.create_sheet(_("Aide"))
    aide.append([_("Colonne"), _("Obligatoire"), _("Contenu")])
    for cellule in aide[1]:
        cellule.font = Font(bold=True)
    for c in colonnes:
        aide.append([c.nom, _("oui") if c.obligatoire else "", str(c.aide)])
    aide.column_dimensions["A"].width = 24
    aide.column_dimensions["C"].width = 90
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()
