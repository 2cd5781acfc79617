"""Who may read, file and validate a créneau's bilans annuels (docs/permissions.md)."""

from django.utils.translation import gettext_lazy as _

from bilans.models import Statut
from creneaux.roles import regle
from noyau.permissions import OUI, non
from plans.rules import creneau_de, lecteur


def regions_comite_regional(roles):
    """Region ids of the comités régionaux the user sits on (any mandat) or chairs / records for."""
    return roles.regions_membre | roles.comite_regional


@regle("bilans.voir")
def voir(user, obj, roles):
    """obj: a bilan or a créneau (its list of bilans, the comparison of its indicators). Readers:
    the créneau's coordination and comités, the Ministère (plans.rules.lecteur), the comité
    régional of its region porteuse, and the administrator; only the coordination edits."""
    creneau = creneau_de(obj)
    if lecteur(roles, creneau) or creneau.region_porteuse_id in regions_comite_regional(roles) or roles.admin:
        return OUI
    return non(
        _("Les bilans sont réservés à la coordination, aux comités du créneau, au comité régional de sa région et au Ministère.")
    )


@regle("bilans.ouvrir")
def ouvrir(user, creneau, roles):
    if creneau.pk in roles.coordination:
        return OUI
    return non(_("Seule la coordination du créneau ouvre ses bilans."))


@regle("bilans.modifier")
def modifier(user, bilan, roles):
    v = ouvrir(user, bilan.creneau)
    if not v.ok:
        return v
    if bilan.statut == Statut.ACCEPTE:
        return non(_("Le bilan accepté est figé : il ne se modifie plus."))
    if bilan.statut == Statut.SOUMIS:
        return non(_("Le bilan est soumis : il attend la décision de la direction régionale."))
    return OUI


@regle("bilans.soumettre")
def soumettre(user, bilan, roles):
    v = modifier(user, bilan)
    if not v.ok:
        return v
    if not bilan.faits_saillants.strip():
        return non(_("Rédigez les faits saillants avant de soumettre le bilan."))
    return OUI


@regle("bilans.valider")
def valider(user, bilan, roles):
    """Accept or return for revision: the direction régionale of the créneau's region porteuse."""
    if bilan.creneau.region_porteuse_id not in roles.directions_regionales:
        return non(_("Seule la direction régionale de la région porteuse du créneau valide ses bilans."))
    if bilan.statut != Statut.SOUMIS:
        return non(_("Seul un bilan soumis peut être accepté ou renvoyé pour révision."))
    return OUI


@regle("bilans.mes_bilans")
def mes_bilans(user, obj, roles):
    """The bilans of the créneaux the user coordinates or sits on, or of the comité régional's region."""
    if roles.coordination or roles.creneaux_membre or regions_comite_regional(roles):
        return OUI
    return non(_("Vous ne coordonnez aucun créneau et ne siégez à aucun comité de créneau ni comité régional."))


@regle("bilans.lecture_regionale")
def lecture_regionale(user, obj, roles):
    """A comité régional's members read (only) the bilans of the créneaux of their region."""
    if regions_comite_regional(roles):
        return OUI
    return non(_("Vous ne siégez à aucun comité régional."))


@regle("bilans.suivi")
def suivi(user, obj, roles):
    """Every créneau's bilan of an exercice: the Ministère, and the administrator (read only)."""
    if roles.ministere or roles.admin:
        return OUI
    return non(_("Le suivi des bilans est réservé au Ministère."))
