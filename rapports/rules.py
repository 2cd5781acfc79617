"""Who may download which document (DESIGN §4): a document shows what its reader may already see."""

from django.utils.translation import gettext_lazy as _

from comptes.permissions import CONNEXION_REQUISE, OUI, non, regle
from projets.models import Statut

# The Ministère has ruled on these projects: a decision letter exists.
STATUTS_DECIDES = (Statut.ACCEPTE, Statut.EN_REALISATION, Statut.TERMINE, Statut.REFUSE_MINISTERE)
CONNEXION_REQUISE_VERDICT = non(CONNEXION_REQUISE)


@regle("rapports.fiche_creneau")
def fiche_creneau(user, creneau, roles):
    if creneau.statut != creneau.Statut.POTENTIEL:
        return OUI
    if not roles.authentifie:
        return CONNEXION_REQUISE_VERDICT
    if roles.central or creneau.region_porteuse_id in roles.directions_regionales:
        return OUI
    if creneau.pk in roles.coordination or creneau.pk in roles.creneaux_membre:
        return OUI
    return non(_("Ce créneau n’est pas encore inscrit au répertoire public."))


def _voit_projet(projet, roles):
    region_id = projet.creneau.region_porteuse_id
    return (
        roles.central
        or region_id in roles.directions_regionales
        or projet.creneau_id in roles.coordination
        or projet.creneau_id in roles.creneaux_membre
        or (region_id in roles.regions_membre and projet.statut != Statut.BROUILLON)
    )


@regle("rapports.dossier_projet")
def dossier_projet(user, projet, roles):
    if not roles.authentifie:
        return CONNEXION_REQUISE_VERDICT
    if _voit_projet(projet, roles):
        return OUI
    return non(_("Ce dossier relève d’un autre créneau ou d’une autre région."))


@regle("rapports.lettre_decision")
def lettre_decision(user, projet, roles):
    v = dossier_projet(user, projet)
    if not v.ok:
        return v
    if projet.statut not in STATUTS_DECIDES:
        return non(_("Le Ministère n’a pas encore rendu sa décision sur ce projet."))
    return OUI


@regle("rapports.rapport_regional")
def rapport_regional(user, region, roles):
    if not roles.authentifie:
        return CONNEXION_REQUISE_VERDICT
    if roles.central or region.pk in roles.directions_regionales:
        return OUI
    return non(_("Le rapport régional est réservé au Ministère : la direction régionale concernée et le bureau central."))


@regle("rapports.rapport_provincial")
def rapport_provincial(user, obj, roles):
    if not roles.authentifie:
        return CONNEXION_REQUISE_VERDICT
    if roles.central:
        return OUI
    return non(_("Le rapport provincial et le tableau de bord sont réservés au bureau central du Ministère."))


@regle("rapports.document_genere")
def document_genere(user, document, roles):
    """A report built in the background is for the person who asked, while they may still see it."""
    if not roles.authentifie:
        return CONNEXION_REQUISE_VERDICT
    if document.demande_par_id != user.pk:
        return non(_("Ce document a été demandé par une autre personne."))
    if document.region_id is not None:
        return rapport_regional(user, document.region)
    return rapport_provincial(user)
