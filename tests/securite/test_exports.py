"""Point 4: user-typed text never becomes a spreadsheet formula; numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from noyau.tableur import cellule_csv, est_dangereux
from rapports.exports import export_csv, export_xlsx
from rapports.indicateurs import ARGENT, NOMBRE, TEXTE, Tableau
from tests.factories import circuit

ATTAQUES = ['=HYPERLINK("http://x.test","clic")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]


def test_les_debuts_dangereux_sont_neutralises_et_les_nombres_gardes():
    for texte in ATTAQUES:
        assert est_dangereux(texte) and cellule_csv(texte) == "'" + texte
    for sur in ["-12,50", "-4", "+3.5", "12 500,00", "-0,5 %", "Meuble", "", 5, None]:
        assert cellule_csv(sur) == sur
    # Numbers are written the fr-CA way: a decimal comma, no grouping.
    assert cellule_csv(Decimal("-3")) == "-3" and cellule_csv(Decimal("-1250.50")) == "-1250,50"


def _tableau():
    lignes = [{"titre": t, "nb": -3, "montant": Decimal("-1250.50")} for t in ATTAQUES]
    colonnes = [("titre", "Titre", TEXTE), ("nb", "Projets", NOMBRE), ("montant", "Montant", ARGENT)]
    return Tableau("t", "Essai", colonnes, lignes, total={"titre": "Total", "nb": -21, "montant": Decimal("-8753.50")})


def test_csv_du_tableau_de_bord():
    contenu = export_csv(_tableau(), "essai").content.decode("utf-8-sig")
    rangees = list(csv.reader(io.StringIO(contenu, newline=""), delimiter=";"))
    assert [r[0] for r in rangees[1:-1]] == ["'" + t for t in ATTAQUES]
    assert rangees[1][1:] == ["-3", "-1250,50"]


def test_xlsx_du_tableau_de_bord_sans_formule():
    classeur = load_workbook(io.BytesIO(export_xlsx(_tableau(), "essai").content))
    feuille = classeur.active
    for i, texte in enumerate(ATTAQUES, start=2):
        cellule = feuille.cell(row=i, column=1)
        assert cellule.value in (texte, texte.replace("\r", "\n")) and cellule.data_type == "s"  # (XML turns CR into LF)
        assert feuille.cell(row=i, column=2).value == -3 and feuille.cell(row=i, column=2).data_type == "n"
        assert feuille.cell(row=i, column=3).value == Decimal("-1250.50") or feuille.cell(row=i, column=3).value == -1250.5


@pytest.mark.django_db
def test_les_exports_du_portail_par_leurs_adresses(client):
    c = circuit()
    c.projet(titre='=HYPERLINK("http://x.test","Voir")')
    client.force_login(c.central)
    liste = client.get(reverse("projets:export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in liste and ";=HYPERLINK" not in liste
    xlsx = client.get(reverse("rapports:annexe_provinciale", args=["xlsx"]))
    if xlsx.status_code == 200:
        feuille = load_workbook(io.BytesIO(xlsx.content)).active
        assert all(c.data_type != "f" for rangee in feuille.iter_rows() for c in rangee)
