"""The import verbs: `deposer` (upload and preview) and `confirmer` (import, in one transaction).

The preview runs the whole import in a transaction that is rolled back (django-import-export's
dry run); the confirmation runs it again on the very file kept with the preview, and records the
act: who, when, the file's name and SHA-256, the counts of rows created, changed, unchanged and
invalid."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from importations.lecture import LIGNE, FichierRefuse, lire
from importations.models import Importation
from importations.ressources import RESSOURCES
from noyau.actions import ActionRefusee, exiger, verrouiller
from noyau.horloge import maintenant

CREE, MODIFIE, INCHANGE, INVALIDE = "cree", "modifie", "inchange", "invalide"


@dataclass
class Cellule:
    colonne: str
    valeur: object
    erreurs: list = field(default_factory=list)
    changee: bool = False


@dataclass
class Ligne:
    numero: int
    action: str
    cellules: list
    erreurs: list = field(default_factory=list)  # errors of the row as a whole
    notes: list = field(default_factory=list)


@dataclass
class Apercu:
    colonnes: list
    lignes: list
    erreurs_fichier: list = field(default_factory=list)
    colonnes_ignorees: list = field(default_factory=list)

    def compte(self, action):
        return sum(ligne.action == action for ligne in self.lignes)

    @property
    def comptes(self):
        return {a: self.compte(a) for a in (CREE, MODIFIE, INCHANGE, INVALIDE)}

    @property
    def lignes_invalides(self):
        return [ligne for ligne in self.lignes if ligne.action == INVALIDE]


def _apercu(resultat, jeu, ressource):
    colonnes = [h for h in jeu.headers if h != LIGNE]
    connues = {f.column_name for f in ressource.get_import_fields()}
    attribut_vers_colonne = {f.attribute: f.column_name for f in ressource.get_import_fields() if f.attribute}
    apercu = Apercu(
        colonnes=[c for c in colonnes if c in connues],
        lignes=[],
        colonnes_ignorees=[c for c in colonnes if c not in connues],
    )
    apercu.erreurs_fichier = [str(e.error) for e in resultat.base_errors]
    for rangee in resultat.rows:
        valeurs = rangee.row_values or {}
        par_colonne, generales = {}, []
        if rangee.validation_error is not None:
            e = rangee.validation_error
            erreurs = e.error_dict if hasattr(e, "error_dict") else {"__all__": [e]}
            for cle, liste in erreurs.items():
                messages = [m for e in liste for m in e.messages]
                colonne = attribut_vers_colonne.get(cle, cle)
                (par_colonne.setdefault(colonne, []) if colonne in apercu.colonnes else generales).extend(messages)
        for erreur in rangee.errors:
            generales.append(_("Erreur inattendue : %(e)s") % {"e": erreur.error})
        if rangee.import_type in (rangee.IMPORT_TYPE_INVALID, rangee.IMPORT_TYPE_ERROR):
            action = INVALIDE
        elif rangee.import_type == rangee.IMPORT_TYPE_NEW:
            action = CREE
        elif rangee.import_type == rangee.IMPORT_TYPE_UPDATE:
            action = MODIFIE
        else:
            action = INCHANGE
        changements = getattr(rangee, "changements", []) if action == MODIFIE else []
        apercu.lignes.append(
            Ligne(
                numero=valeurs.get(LIGNE) or 0,
                action=action,
                cellules=[Cellule(c, valeurs.get(c, ""), par_colonne.get(c, []), c in changements) for c in apercu.colonnes],
                erreurs=generales,
                notes=getattr(rangee, "notes", []),
            )
        )
    return apercu


def _manquantes(jeu, classe):
    entetes = {classe.ALIAS.get(h, h) for h in jeu.headers}
    return [c for c in classe.colonnes_obligatoires() if c not in entetes]


def _executer(importation, par, *, essai):
    """Run the import of `importation`'s file: (Apercu, django-import-export Result)."""
    classe = RESSOURCES[importation.type]
    try:
        jeu = lire(bytes(importation.contenu), importation.nom_fichier)
    except FichierRefuse as e:
        return Apercu(colonnes=[], lignes=[], erreurs_fichier=[str(e)]), None
    manquantes = _manquantes(jeu, classe)
    if manquantes:
        message = ngettext(
            "Il manque la colonne %(cols)s : prenez les titres du modèle à télécharger.",
            "Il manque les colonnes %(cols)s : prenez les titres du modèle à télécharger.",
            len(manquantes),
        ) % {"cols": ", ".join(manquantes)}
        return Apercu(colonnes=[], lignes=[], erreurs_fichier=[message]), None
    ressource = classe(importation=importation, par=par)
    resultat = ressource.import_data(jeu, dry_run=essai, use_transactions=True, raise_errors=False)
    return _apercu(resultat, jeu, ressource), resultat


def deposer(fichier, type_, *, par):
    """Keep the uploaded file and preview its import (nothing in the portal changes)."""
    exiger("importations.importer", par)
    if type_ not in RESSOURCES:
        raise ActionRefusee(_("Choisissez ce que contient le fichier."), champ="type")
    contenu = fichier.read()
    importation = Importation.objects.create(
        type=type_,
        auteur=par,
        nom_fichier=fichier.name[:255],
        sha256=hashlib.sha256(contenu).hexdigest(),
        contenu=contenu,
    )
    apercu, _resultat = _executer(importation, par, essai=True)
    return importation, apercu


def apercu(importation, *, par):
    exiger("importations.voir", par, importation)
    return _executer(importation, par, essai=True)[0]


def confirmer(importation, *, par, ignorer_invalides=False):
    """Import the previewed file in one transaction, recorded as one act. Invalid rows are left
    out only if the author says so (`ignorer_invalides`); a file that cannot be read, an
    unexpected error on any row, or nothing to import changes nothing."""
    exiger("importations.importer", par)
    with transaction.atomic():
        imp = verrouiller(Importation.objects.all(), importation)
        exiger("importations.voir", par, imp)
        if imp.statut != Importation.Statut.APERCU:
            raise ActionRefusee(_("Cette importation est déjà confirmée."))
        apercu_, resultat = _executer(imp, par, essai=False)
        if apercu_.erreurs_fichier or resultat is None or resultat.has_errors():
            raise ActionRefusee(
                apercu_.erreurs_fichier[0]
                if apercu_.erreurs_fichier
                else _("Le fichier n'a pas pu être importé : rien n'a changé.")
            )
        comptes = apercu_.comptes
        if comptes[INVALIDE] and not ignorer_invalides:
            raise ActionRefusee(
                ngettext(
                    "%(n)s ligne est invalide : corrigez le fichier, "
                    "ou cochez la case pour importer les autres lignes sans elle.",
                    "%(n)s lignes sont invalides : corrigez le fichier, "
                    "ou cochez la case pour importer les autres lignes sans elles.",
                    comptes[INVALIDE],
                )
                % {"n": comptes[INVALIDE]},
                champ="ignorer_invalides",
            )
        if not (comptes[CREE] or comptes[MODIFIE] or comptes[INCHANGE]):
            raise ActionRefusee(_("Aucune ligne valide à importer : rien n'a changé."))
        imp.statut = Importation.Statut.CONFIRMEE
        imp.confirmee_le = maintenant()
        imp.crees, imp.modifies, imp.inchanges, imp.invalides = (comptes[k] for k in (CREE, MODIFIE, INCHANGE, INVALIDE))
        imp.save()
    return imp, apercu_
