"""The demo's imports: the Ministère's central office brings in, through the import verbs, a
spreadsheet of member organisations, one of historical projects (a project of Meuble –
Centre-du-Québec decided in 2013, its decision marked as imported history) and one of their
payments — as a ministry would from its existing files. Loaded once: a second run finds the
imports already confirmed and changes nothing."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from creneaux.models import Creneau
from importations import actions
from importations.models import Importation

ORGANISATIONS = (
    "\ufeffNEQ;Nom;Type;Région;Ville\n"
    "1149990011;Atelier Boisfictif inc.;Entreprise;Centre-du-Québec;Victoriaville\n"
    "1149990029;Meubles Démonstration ltée;Entreprise;17;Princeville\n"
    "1149990037;Centre d'essai du meuble (fictif);Centre de recherche;17;Victoriaville\n"
)
PROJETS = (
    "numero;titre;creneau;creneau_region;programme;porteur;statut;date_decision;montant_accorde;date_debut;date_fin\n"
    "HIST-2013-17-001;Mission commerciale du meuble 2013;Meuble;17;FSDCE;1149990011;Terminé;2013-06-20;"
    "24 000,00 $;2013-07-01;2014-06-30\n"
)
VERSEMENTS = (
    "projet;date;montant;note\n"
    "HIST-2013-17-001;2013-09-15;12 000,00 $;Premier versement\n"
    "HIST-2013-17-001;2014-08-15;12 000,00 $;Solde\n"
)
FICHIERS = [
    ("organisations", "organisations-membres.csv", ORGANISATIONS),
    ("projets", "projets-historiques.csv", PROJETS),
    ("versements", "versements-historiques.csv", VERSEMENTS),
]


def charger(echelle=1, sortie=None):
    if not Creneau.objects.filter(slug="meuble-centre-du-quebec").exists():
        return []
    ministere = get_user_model().objects.get(username="ministere")
    for type_, nom, contenu in FICHIERS:
        if Importation.objects.filter(type=type_, nom_fichier=nom, statut=Importation.Statut.CONFIRMEE).exists():
            continue
        importation, _apercu = actions.deposer(SimpleUploadedFile(nom, contenu.encode("utf-8")), type_, par=ministere)
        actions.confirmer(importation, par=ministere)
        if sortie:
            sortie.write(f"Importation {importation.pk} : {nom}")
    return []
