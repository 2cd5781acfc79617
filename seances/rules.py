"""Who may do what in a séance (docs/seances.md, docs/permissions.md). The object is the séance (`creneaux.Reunion`)
or, for `seances.planifier`, its comité. Separation of duties on one item (who filed, submitted
or coordinates a project) is checked by the verbs, item by item."""

from django.utils.translation import gettext_lazy as _

from creneaux.models import Reunion
from creneaux.roles import regle
from creneaux.rules import ministere_de
from noyau.permissions import OUI, non

Statut = Reunion.Statut


def _comite(obj):
    return obj.comite if isinstance(obj, Reunion) else obj


def _region_id(comite):
    return comite.region_id if comite.region_id else comite.creneau.region_porteuse_id


def _ferme(comite):
    if comite.creneau_id and comite.creneau.termine:
        return non(
            _("Ce créneau est %(statut)s : ses comités ne siègent plus.")
            % {"statut": comite.creneau.get_statut_display().lower()}
        )
    return None


@regle("seances.lister")
def lister(user, obj, roles):
    """The « Séances » list and its link: whoever `seances.voir` lets in on some séance — a comité
    member, a coordination, the Ministère, an administrator."""
    if roles.comites or roles.coordination or roles.ministere or roles.admin:
        return OUI
    return non(_("Vous ne siégez à aucun comité et ne coordonnez aucun créneau : aucune séance ne vous concerne."))


@regle("seances.voir")
def voir(user, obj, roles):
    """Members of the comité (and the coordination that prepares its files), the Ministère of the
    region, the administrators."""
    comite = _comite(obj)
    if comite.pk in roles.comites or roles.admin or ministere_de(roles, _region_id(comite)):
        return OUI
    if comite.creneau_id and comite.creneau_id in roles.coordination:
        return OUI
    return non(_("Les séances d'un comité sont réservées à ses membres."))


@regle("seances.planifier")
def planifier(user, obj, roles):
    """Plan a séance, set its agenda and convene it: the comité's confirmed présidence or secrétariat."""
    comite = _comite(obj)
    if (refus := _ferme(comite)) is not None:
        return refus
    if comite.type == comite.Type.TRAVAIL:
        return non(_("Un comité de travail ne prend pas de résolutions."))
    if comite.pk not in roles.comites_bureau:
        return non(_("Seules la présidence et le secrétariat du comité (confirmés) convoquent ses séances."))
    if isinstance(obj, Reunion) and obj.statut not in (Statut.PLANIFIEE, Statut.CONVOQUEE):
        return non(_("Cette séance est %(s)s : son ordre du jour ne change plus.") % {"s": obj.get_statut_display().lower()})
    return OUI


@regle("seances.presider")
def presider(user, seance, roles):
    """Open the séance, open and close votes, confirm a tally or a presence: the présidence."""
    if (refus := _ferme(seance.comite)) is not None:
        return refus
    if seance.comite_id not in roles.presidences:
        return non(_("Seule la présidence du comité (confirmée) dirige la séance."))
    return OUI


@regle("seances.secretariat")
def secretariat(user, seance, roles):
    """Mark a member present, type a show-of-hands tally: the secrétariat (confirmed by the chair)."""
    if seance.comite_id not in roles.secretariats:
        return non(_("Seul le secrétariat du comité (confirmé) inscrit des présences ou un décompte à main levée."))
    if seance.statut != Statut.OUVERTE:
        return non(_("La séance n'est pas ouverte."))
    return OUI


@regle("seances.sieger")
def sieger(user, seance, roles):
    """Check in, declare a conflict, vote: a member of the comité, during the séance."""
    if seance.comite_id not in roles.comites:
        return non(_("Vous ne siégez pas à ce comité."))
    if seance.statut != Statut.OUVERTE:
        return non(_("La séance n'est pas ouverte."))
    return OUI


@regle("seances.approuver_pv")
def approuver_pv(user, seance, roles):
    """The procès-verbal is approved by the présidence and by the secrétariat, once the séance is
    adjourned; then it is frozen."""
    if seance.statut == Statut.PV_APPROUVE:
        return non(_("Le procès-verbal est approuvé : il ne se modifie plus."))
    if seance.statut != Statut.LEVEE:
        return non(_("Le procès-verbal s'approuve une fois la séance levée."))
    if seance.comite_id not in roles.comites_bureau:
        return non(_("Seules la présidence et le secrétariat approuvent le procès-verbal."))
    return OUI


@regle("seances.deposer_pv_signe")
def deposer_pv_signe(user, seance, roles):
    """Attach the signed scan of the approved procès-verbal: the présidence or the secrétariat."""
    if seance.statut != Statut.PV_APPROUVE:
        return non(_("Le procès-verbal signé se dépose une fois le procès-verbal approuvé."))
    if seance.comite_id not in roles.comites_bureau:
        return non(_("Seules la présidence et le secrétariat déposent le procès-verbal signé."))
    return OUI


@regle("seances.reporter")
def reporter(user, seance, roles):
    """Reschedule or cancel a séance before it opens: the comité's confirmed présidence or secrétariat."""
    if (refus := _ferme(seance.comite)) is not None:
        return refus
    if seance.comite_id not in roles.comites_bureau:
        return non(_("Seules la présidence et le secrétariat du comité (confirmés) reportent ou annulent ses séances."))
    if seance.statut == Statut.ANNULEE:
        return non(_("Cette séance est annulée."))
    if seance.statut not in (Statut.PLANIFIEE, Statut.CONVOQUEE):
        return non(
            _("Cette séance est %(s)s : elle ne se reporte ni ne s'annule plus.") % {"s": seance.get_statut_display().lower()}
        )
    return OUI
