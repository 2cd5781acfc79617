"""Who may read and edit a créneau's stratégie et plan d'action (DESIGN §4)."""

from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau
from creneaux.roles import regle
from noyau.permissions import OUI, non


def creneau_de(obj):
    """The créneau of a créneau, plan, axe, objectif, action or bilan."""
    while not isinstance(obj, Creneau):
        obj = getattr(obj, "creneau", None) or getattr(obj, "plan", None) or getattr(obj, "axe", None) or obj.objectif
    return obj


def lecteur(roles, creneau):
    """The créneau's coordination, its comités' members, and the Ministère (its DR, the central office)."""
    return (
        creneau.pk in roles.coordination
        or creneau.pk in roles.creneaux_membre
        or creneau.region_porteuse_id in roles.directions_regionales
        or roles.central
    )


@regle("plans.voir")
def voir(user, obj, roles):
    if lecteur(roles, creneau_de(obj)):
        return OUI
    return non(_("Le plan d'action est réservé à la coordination, aux comités du créneau et au Ministère."))


def _termine(creneau):
    return non(
        _("Ce créneau est %(statut)s : son plan d'action se consulte, il ne se modifie plus.")
        % {"statut": creneau.get_statut_display().lower()}
    )


@regle("plans.modifier")
def modifier(user, obj, roles):
    creneau = creneau_de(obj)
    if creneau.termine:
        return _termine(creneau)
    if creneau.pk in roles.coordination:
        return OUI
    return non(_("Seule la coordination du créneau modifie son plan d'action."))
