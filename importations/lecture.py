"""Read a spreadsheet as people keep it into a tablib Dataset the import resources understand.

CSV: UTF-8 with or without a BOM (else Windows-1252), `;`, `,` or tab separator (sniffed).
XLSX: the first sheet, cells as typed (real dates stay dates, numbers stay numbers); a header
row with merged cells is refused (its columns would have no title of their own).
Everywhere: headers normalised (« Région porteuse » → `region_porteuse`), text cells stripped,
blank lines dropped; each row keeps its line number in the file (column `LIGNE`).
"""

import csv
import io
import re
import unicodedata

import tablib
from django.utils.translation import gettext as _

LIGNE = "_ligne"
TAILLE_MAX = 5 * 1024 * 1024


class FichierRefuse(Exception):  # noqa: N818 (domain name: « fichier refusé »)
    """The file cannot be read as a table: the message says why and what to do."""


def normaliser_entete(texte):
    """« Région porteuse » → 'region_porteuse'; « NEQ » → 'neq'."""
    texte = unicodedata.normalize("NFKD", str(texte or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", texte.lower()).strip("_")


def _cellule(valeur):
    if isinstance(valeur, str):
        valeur = valeur.replace("\ufeff", "").strip()
    return "" if valeur is None else valeur


def _vide(rangee):
    return all(v == "" for v in rangee)


def _lignes_csv(contenu):
    for codage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(codage)
            break
        except UnicodeDecodeError:
            continue
    echantillon = texte[:8192]
    try:
        dialecte = csv.Sniffer().sniff(echantillon, delimiters=";,\t")
        separateur = dialecte.delimiter
    except csv.Error:
        premiere = echantillon.splitlines()[0] if echantillon else ""
        separateur = ";" if premiere.count(";") > premiere.count(",") else ","
    return list(csv.reader(io.StringIO(texte, newline=""), delimiter=separateur))


def _lignes_xlsx(contenu):
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(contenu), data_only=True)
    except Exception as e:
        raise FichierRefuse(_("Ce fichier n'est pas un classeur XLSX lisible.")) from e
    feuille = classeur.worksheets[0]
    lignes = [list(r) for r in feuille.iter_rows(values_only=True)]
    entete = next((i for i, r in enumerate(lignes, 1) if not _vide([_cellule(v) for v in r])), None)
    for plage in feuille.merged_cells.ranges:
        if entete is not None and plage.min_row <= entete <= plage.max_row:
            raise FichierRefuse(
                _(
                    "La ligne des en-têtes a des cellules fusionnées (%(plage)s) : défusionnez-les pour que chaque "
                    "colonne ait son propre titre, puis importez de nouveau le fichier."
                )
                % {"plage": plage.coord}
            )
    return lignes


def lire(contenu, nom_fichier):
    """The file's table: a Dataset whose headers are normalised, plus the `_ligne` column."""
    if len(contenu) > TAILLE_MAX:
        raise FichierRefuse(_("Le fichier dépasse 5 Mo : découpez-le en plusieurs importations."))
    extension = nom_fichier.rsplit(".", 1)[-1].lower() if "." in nom_fichier else ""
    if extension in ("csv", "txt"):
        lignes = _lignes_csv(contenu)
    elif extension == "xlsx":
        lignes = _lignes_xlsx(contenu)
    else:
        raise FichierRefuse(_("Importez un fichier CSV ou XLSX (les fichiers .xls et .ods s'enregistrent en XLSX)."))
    numerotees = [(n, [_cellule(v) for v in r]) for n, r in enumerate(lignes, 1)]
    numerotees = [(n, r) for n, r in numerotees if not _vide(r)]
    if not numerotees:
        raise FichierRefuse(_("Le fichier est vide."))
    (_n, entetes), donnees = numerotees[0], numerotees[1:]
    # Trailing columns without a title and without data are a spreadsheet's leftovers.
    largeur = max(len(entetes), *(len(r) for _n, r in donnees)) if donnees else len(entetes)
    entetes = [normaliser_entete(e) for e in entetes] + [""] * (largeur - len(entetes))
    while entetes and not entetes[-1] and all(len(r) < len(entetes) or r[len(entetes) - 1] == "" for _n, r in donnees):
        entetes.pop()
    if "" in entetes:
        position = entetes.index("") + 1
        raise FichierRefuse(
            _("La colonne %(n)s n'a pas de titre : donnez-lui le titre de la colonne du modèle, ou supprimez-la.")
            % {"n": position}
        )
    doublons = sorted({e for e in entetes if entetes.count(e) > 1})
    if doublons:
        raise FichierRefuse(_("Ces colonnes apparaissent deux fois : %(cols)s.") % {"cols": ", ".join(doublons)})
    jeu = tablib.Dataset(headers=[*entetes, LIGNE])
    for numero, rangee in donnees:
        rangee = (rangee + [""] * len(entetes))[: len(entetes)]
        jeu.append([*rangee, numero])
    return jeu
