"""Who may read and edit a créneau's stratégie et plan d'action (docs/permissions.md)."""

from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau
from creneaux.roles import regle
from creneaux.rules import ministere_de
from noyau.permissions import OUI, non
from regions.models import Region


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


# --- Regional strategies and partners' action plans ---------------------------------------------


def _region_de(obj):
    """The region of a Region, a StrategieRegionale or a PrioriteRegionale."""
    return obj.pk if isinstance(obj, Region) else obj.region_id


@regle("plans.voir_strategies")
def voir_strategies(user, obj, roles):
    """Regional strategies and their priorities are read by every logged-in user (the region's
    public page lists its current priorities)."""
    return OUI


@regle("plans.gerer_strategie")
def gerer_strategie(user, obj, roles):
    """A region's strategy and its priorities are the Ministère's: the direction régionale of
    that region, or the central office."""
    if ministere_de(roles, _region_de(obj)):
        return OUI
    return non(
        _("Les stratégies régionales et leurs priorités sont tenues par le Ministère "
          "(direction régionale de la région ou bureau central).")
    )  # fmt: skip


@regle("plans.voir_plans_partenaires", public=True)
def voir_plans_partenaires(user, obj, roles):
    """Partners' action plans are public, like the directory."""
    return OUI


@regle("plans.gerer_plans_partenaires")
def gerer_plans_partenaires(user, obj, roles):
    """A partner's plan spans regions: the central office records it."""
    if roles.central:
        return OUI
    return non(_("Les plans d'action des partenaires sont consignés par le bureau central du Ministère."))
