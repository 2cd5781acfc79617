"""Who may download which document (docs/permissions.md): a document shows what its reader may already see.

The fiche créneau, the dossier de projet and the bilan use their owners' rules (creneaux.voir_fiche,
projets.voir, bilans.voir); the rules below add what is particular to a document.
"""

from django.utils.translation import gettext_lazy as _

from bilans.models import STATUTS_DEPOSES
from creneaux.roles import regle
from noyau.permissions import OUI, non, verifier
from projets.models import Statut

# The Ministère has ruled on these projects: a decision letter exists.
STATUTS_DECIDES = (Statut.ACCEPTE, Statut.EN_REALISATION, Statut.TERMINE, Statut.REFUSE_MINISTERE)


def _lisible_dans_l_etat(regle_lecture, user, obj, statuts, raison):
    """Readable under the owner's rule `regle_lecture`, and printed only in one of `statuts`."""
    v = verifier(regle_lecture, user, obj)
    if v.ok and obj.statut not in statuts:
        return non(raison)
    return v


@regle("rapports.lettre_decision")
def lettre_decision(user, projet, roles):
    return _lisible_dans_l_etat(
        "projets.voir", user, projet, STATUTS_DECIDES, _("Le Ministère n’a pas encore rendu sa décision sur ce projet.")
    )


@regle("rapports.bilan")
def bilan(user, bilan, roles):
    """The bilan as filed: once submitted (or accepted), to those who may read it."""
    return _lisible_dans_l_etat(
        "bilans.voir", user, bilan, STATUTS_DEPOSES, _("Le bilan n’a pas été soumis : il s’imprime une fois déposé.")
    )


@regle("rapports.rapport_regional")
def rapport_regional(user, region, roles):
    """The Ministère (the region's direction régionale, the central office) and the members of
    the region's comité régional, who decide on its projects."""
    if roles.central or region.pk in roles.directions_regionales or region.pk in roles.regions_membre:
        return OUI
    return non(
        _(
            "Le rapport régional est réservé au Ministère (la direction régionale concernée et le bureau central) "
            "et au comité régional de la région."
        )
    )


@regle("rapports.rapport_provincial")
def rapport_provincial(user, obj, roles):
    if roles.central:
        return OUI
    return non(_("Le rapport provincial et le tableau de bord sont réservés au bureau central du Ministère."))


@regle("rapports.document_genere")
def document_genere(user, document, roles):
    """A report built in the background is for the person who asked, while they may still see it."""
    if document.demande_par_id != user.pk:
        return non(_("Ce document a été demandé par une autre personne."))
    if document.region_id is not None:
        return rapport_regional(user, document.region)
    return rapport_provincial(user)
