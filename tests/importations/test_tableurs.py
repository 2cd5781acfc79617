"""Spreadsheets as people keep them: a BOM, `;` or `,`, accents, trailing spaces, blank lines,
decimal commas and « 12 500,00 $ », Excel dates (serial numbers, and real dates in XLSX); merged
header cells refused with a clear message. A file full of mistakes gives a report row by row and
changes nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from creneaux.models import Organisation
from importations import actions
from importations.lecture import FichierRefuse, lire
from noyau.actions import ActionRefusee
from projets.models import Decision, Projet, Statut
from tests.factories import CreneauFactory, OrganisationFactory, region
from tests.importations.conftest import empreinte, erreurs, fichier, importer, par_ligne

pytestmark = pytest.mark.django_db

ORGANISATIONS = (
    "\ufeffNEQ;Nom ;Type;Région ;Ville\r\n"
    "\r\n"
    "1171234567 ; Ébénisterie Côté inc.  ;Entreprise; Centre-du-Québec ;Victoriaville \r\n"
    ";;;;\r\n"
    "1179876543;Cégep de Victoriaville;Établissement d'enseignement (cégep, CCTT, université);17;Victoriaville\r\n"
    "\r\n"
)


def xlsx(rangees, fusion=None):
    classeur = Workbook()
    feuille = classeur.active
    for rangee in rangees:
        feuille.append(rangee)
    if fusion:
        feuille.merge_cells(fusion)
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()


def test_un_csv_avec_bom_point_virgule_accents_espaces_et_lignes_vides_s_importe(central):
    importation, apercu, _ = importer(ORGANISATIONS, "organisations", central)

    assert [ligne.numero for ligne in apercu.lignes] == [3, 5]
    assert (importation.crees, importation.invalides) == (2, 0)
    cote = Organisation.objects.get(neq="1171234567")
    assert (cote.nom, cote.type, cote.region.code, cote.ville) == ("Ébénisterie Côté inc.", "entreprise", "17", "Victoriaville")
    assert Organisation.objects.get(neq="1179876543").type == Organisation.Type.ENSEIGNEMENT
    assert cote.history.first().history_change_reason == f"Importé de fichier.csv (importation {importation.pk})"


def test_le_meme_fichier_en_virgules_et_en_windows_1252_ne_change_plus_rien(central):
    importer(ORGANISATIONS, "organisations", central)
    avant = empreinte()
    virgules = ORGANISATIONS.replace("\ufeff", "").replace(";", ",").replace("(cégep, CCTT, université)", "")
    virgules = virgules.replace("Établissement d'enseignement ,", '"Établissement d\'enseignement (cégep, CCTT, université)",')
    seconde, apercu, _ = importer(virgules.encode("cp1252"), "organisations", central)
    assert (seconde.crees, seconde.modifies, seconde.inchanges, seconde.invalides) == (0, 0, 2, 0)
    assert empreinte() == avant


def test_une_ligne_modifiee_est_annoncee_avec_sa_cellule_changee(central):
    importer(ORGANISATIONS, "organisations", central)
    _imp, apercu = actions.deposer(
        fichier(ORGANISATIONS.replace("Victoriaville \r\n", "Warwick\r\n")), "organisations", par=central
    )
    ligne = par_ligne(apercu)[3]
    assert ligne.action == "modifie"
    assert [c.colonne for c in ligne.cellules if c.changee] == ["ville"]
    assert par_ligne(apercu)[5].action == "inchange"


def projets_csv(*rangees):
    entete = "numero;titre;creneau;creneau_region;programme;porteur;statut;date_decision;montant_accorde;date_debut;date_fin"
    return "\ufeff" + "\n".join([entete, *rangees]) + "\n"


@pytest.fixture
def meuble(db):
    OrganisationFactory(neq="1171234567", nom="Ébénisterie Côté inc.", type=Organisation.Type.ENTREPRISE)
    return CreneauFactory(nom="Meuble", region_porteuse=region("17"))


def test_projets_historiques_montants_a_virgule_dates_excel_et_decision_importee(central, meuble):
    contenu = projets_csv(
        "FSDCE-2019-17-001;Vitrine du meuble;Meuble;17;FSDCE;1171234567;Terminé;43636;12 500,00 $;2019-07-01;30/06/2020",
        "FSDCE-2019-17-002;Salon du design;meuble;;fsdce;Ébénisterie Côté inc.;Accepté;2019-08-15;7500,5;;",
        "FSDCE-2019-17-003;Étude refusée;Meuble;17;FSDCE;;Refusé (Ministère);15/01/2020;;;",
    )
    importation, apercu, _ = importer(contenu, "projets", central)
    assert (importation.crees, importation.invalides) == (3, 0), [erreurs(ligne) for ligne in apercu.lignes]

    termine = Projet.objects.get(numero="FSDCE-2019-17-001")
    assert termine.statut == Statut.TERMINE
    assert termine.montant_accorde == Decimal("12500.00")
    assert (termine.date_debut, termine.date_fin) == (datetime.date(2019, 7, 1), datetime.date(2020, 6, 30))
    assert termine.exercice == 2019
    decision = termine.decisions.get()
    assert decision.importee and decision.reunion is None and decision.comite is None
    assert (decision.etape, decision.vers_statut, decision.montant) == ("decision_ministere", "accepte", Decimal("12500.00"))
    assert decision.horodatage.date() == datetime.date(2019, 6, 20)  # Excel's serial 43636
    assert termine.history.first().history_change_reason == f"Importé de fichier.csv (importation {importation.pk})"
    assert Projet.objects.get(numero="FSDCE-2019-17-002").montant_accorde == Decimal("7500.50")
    refuse = Projet.objects.get(numero="FSDCE-2019-17-003")
    assert refuse.statut == Statut.REFUSE_MINISTERE and refuse.exercice == 2019
    assert refuse.decisions.get().vers_statut == Statut.REFUSE_MINISTERE

    avant = empreinte()
    seconde, _a, _c = importer(contenu, "projets", central)
    assert (seconde.crees, seconde.modifies, seconde.inchanges) == (0, 0, 3)
    assert empreinte() == avant
    assert Decision.objects.filter(importee=True).count() == 3


DEFAUTS = projets_csv(
    "FSDCE-2019-17-010;Créneau inconnu;Chaussure;17;FSDCE;;Accepté;2019-06-20;1000;;",
    "FSDCE-2019-17-011;Date impossible;Meuble;17;FSDCE;;Accepté;31/02/2019;1000;;",
    "",
    "FSDCE-2019-17-012;Montant illisible;Meuble;17;FSDCE;;Accepté;2019-06-20;douze mille;;",
    "FSDCE-2019-17-013;Sans état;Meuble;17;FSDCE;;;2019-06-20;1000;;",
    "FSDCE-2019-17-014;Refus payé;Meuble;17;FSDCE;;Refusé (Ministère);2019-06-20;1 000,00 $;;",
    "FSDCE-2019-17-015;Programme inconnu;Meuble;17;PAMT;;Accepté;2019-06-20;1000;;",
    "FSDCE-2019-17-016;Région inconnue;Meuble;19;FSDCE;;Accepté;2019-06-20;1000;;",
    "FSDCE-2019-17-017;Accepté sans montant;Meuble;17;FSDCE;;Accepté;2019-06-20;;;",
    "FSDCE-2019-17-018;   Bonne ligne   ;Meuble;17;FSDCE;1171234567;Accepté;43636;2 500,00 $;;",
)


def test_un_tableur_plein_de_defauts_donne_un_rapport_par_ligne_et_ne_change_rien(central, meuble):
    avant = empreinte()
    importation, apercu = actions.deposer(fichier(DEFAUTS), "projets", par=central)
    assert empreinte() == avant

    lignes = par_ligne(apercu)
    assert erreurs(lignes[2])["creneau"] == ["Créneau inconnu : « Chaussure » (importez d'abord les créneaux)."]
    assert erreurs(lignes[3])["date_decision"] == ["« 31/02/2019 » n'est pas une date (AAAA-MM-JJ, JJ/MM/AAAA ou date Excel)."]
    assert 4 not in lignes  # the blank line
    assert erreurs(lignes[5])["montant_accorde"] == ["« douze mille » n'est pas un montant (p. ex. 12 500,00 $)."]
    assert erreurs(lignes[6])["statut"] == ["Donnez l'état du projet (Accepté, En réalisation, Terminé ou Refusé)."]
    assert erreurs(lignes[7])["montant_accorde"] == ["Un projet refusé n'a pas de montant accordé."]
    assert erreurs(lignes[8])["programme"] == ["Programme inconnu : « PAMT » (son sigle, p. ex. FSDCE)."]
    assert erreurs(lignes[9])["creneau"] == ["Région inconnue : « 19 » (code de 01 à 17 ou nom officiel)."]
    assert erreurs(lignes[10])["montant_accorde"] == ["Donnez le montant accordé à un projet accepté."]
    assert lignes[11].action == "cree"
    assert apercu.comptes == {"cree": 1, "modifie": 0, "inchange": 0, "invalide": 8}
    # One reason per invalid row, next to its cell: no consequence of the same mistake.
    assert [sum(len(m) for m in erreurs(ligne).values()) for ligne in apercu.lignes_invalides] == [1] * 8

    with pytest.raises(ActionRefusee) as refus:
        actions.confirmer(importation, par=central)
    assert refus.value.message == (
        "8 lignes sont invalides : corrigez le fichier, ou cochez la case pour importer les autres lignes sans elles."
    )
    assert empreinte() == avant
    importation.refresh_from_db()
    assert importation.statut == "apercu"


def test_un_classeur_xlsx_lit_les_vraies_dates_les_dates_excel_et_les_neq_en_nombres(central, meuble):
    contenu = xlsx(
        [
            ["NEQ", "Nom", "Type", "Région"],
            [1179876543, "Cégep de Victoriaville ", "Établissement d'enseignement (cégep, CCTT, université)", 17],
            [None, None, None, None],
        ]
    )
    importation, _a, _c = importer(contenu, "organisations", central, nom="organisations.xlsx")
    assert importation.crees == 1
    assert Organisation.objects.get(neq="1179876543").nom == "Cégep de Victoriaville"

    contenu = xlsx(
        [
            ["numero", "titre", "creneau", "programme", "statut", "date_decision", "montant_accorde", "date_debut"],
            ["FSDCE-2020-17-001", "Réseau", "Meuble", "FSDCE", "Accepté", datetime.datetime(2020, 5, 4), 15000.5, 43983],
        ]
    )
    importation, _a, _c = importer(contenu, "projets", central, nom="projets.xlsx")
    projet = Projet.objects.get(numero="FSDCE-2020-17-001")
    assert projet.montant_accorde == Decimal("15000.50")
    assert projet.date_debut == datetime.date(2020, 6, 1)
    assert projet.decisions.get().horodatage.date() == datetime.date(2020, 5, 4)


def test_des_en_tetes_fusionnes_sont_refuses_avec_un_message_clair(central):
    contenu = xlsx([["Organisation", None, "Type"], ["1171234567", "Ébénisterie", "Entreprise"]], fusion="A1:B1")
    with pytest.raises(FichierRefuse) as refus:
        lire(contenu, "organisations.xlsx")
    assert str(refus.value) == (
        "La ligne des en-têtes a des cellules fusionnées (A1:B1) : défusionnez-les pour que chaque colonne ait son "
        "propre titre, puis importez de nouveau le fichier."
    )
    avant = empreinte()
    importation, apercu = actions.deposer(fichier(contenu, "organisations.xlsx"), "organisations", par=central)
    assert apercu.erreurs_fichier == [str(refus.value)]
    with pytest.raises(ActionRefusee) as refus_confirmation:
        actions.confirmer(importation, par=central, ignorer_invalides=True)
    assert refus_confirmation.value.message == str(refus.value)
    assert empreinte() == avant


def test_un_fichier_sans_les_colonnes_obligatoires_ou_d_un_autre_format_est_refuse(central):
    _i, apercu = actions.deposer(fichier("neq;ville\n1171234567;Québec\n"), "organisations", par=central)
    assert apercu.erreurs_fichier == ["Il manque les colonnes nom, type : prenez les titres du modèle à télécharger."]
    _i, apercu = actions.deposer(fichier(b"\x00\x01", "organisations.ods"), "organisations", par=central)
    assert apercu.erreurs_fichier == ["Importez un fichier CSV ou XLSX (les fichiers .xls et .ods s'enregistrent en XLSX)."]
