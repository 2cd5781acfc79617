"""Who may read and edit the organisational side of ACCORD (DESIGN §4)."""

from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau
from creneaux.roles import regle
from noyau.permissions import OUI, non


def ministere_de(roles, region_id):
    """Ministry staff of the central office or of the direction régionale of `region_id`."""
    return roles.central or region_id in roles.directions_regionales


def _edite_creneau(roles, creneau):
    return creneau.pk in roles.coordination or ministere_de(roles, creneau.region_porteuse_id)


def _lecture_seule(creneau):
    return non(
        _("Ce créneau est %(statut)s : son dossier se consulte, il ne se modifie plus.")
        % {"statut": creneau.get_statut_display().lower()}
    )


@regle("creneaux.voir_fiche", public=True)
def voir_fiche(user, creneau, roles):
    """The directory is public, except potential créneaux (known to their people and the Ministère)."""
    if creneau.statut != Creneau.Statut.POTENTIEL or roles.admin:
        return OUI
    if creneau.pk in roles.creneaux_membre or _edite_creneau(roles, creneau):
        return OUI
    return non(_("Ce créneau potentiel n'est pas encore public."))


@regle("creneaux.voir_comite", public=True)
def voir_comite(user, comite, roles):
    """A comité (and its members) is as public as its créneau; a comité régional is public."""
    return voir_fiche(user, comite.creneau) if comite.creneau_id else OUI


@regle("creneaux.modifier")
def modifier(user, creneau, roles):
    """Edit the créneau's file, comités, mandats, partnerships and collaborations (never a merged
    or withdrawn créneau's: read-only)."""
    if creneau.termine:
        return _lecture_seule(creneau)
    if _edite_creneau(roles, creneau):
        return OUI
    return non(_("Seules la coordination du créneau et la direction régionale du Ministère peuvent le modifier."))


@regle("creneaux.changer_statut")
def changer_statut(user, creneau, roles):
    """The stage (statut) and a merger are the Ministère's decisions; a merged or withdrawn
    créneau has no further stage."""
    if creneau.termine:
        return _lecture_seule(creneau)
    if ministere_de(roles, creneau.region_porteuse_id):
        return OUI
    return non(_("Le statut d'un créneau relève du Ministère."))


@regle("creneaux.modifier_comite")
def modifier_comite(user, comite, roles):
    """A comité's settings and members: the créneau's editors, or the Ministère for a comité régional."""
    if comite.creneau_id:
        return modifier(user, comite.creneau)
    if ministere_de(roles, comite.region_id):
        return OUI
    return non(_("La composition du comité régional relève de la direction régionale du Ministère."))


def region_du_comite(comite):
    """The region whose direction régionale answers for `comite`: its créneau's region porteuse,
    or the comité régional's region."""
    return comite.creneau.region_porteuse_id if comite.creneau_id else comite.region_id


def ministere_du_comite(roles, comite):
    """The Ministère answering for `comite` (its region's direction régionale, or central) — and not
    as the coordination of its créneau: mandates it records need no confirmation."""
    return ministere_de(roles, region_du_comite(comite)) and comite.creneau_id not in roles.coordination


@regle("creneaux.confirmer_mandat")
def confirmer_mandat(user, mandat, roles):
    """A bureau role or a vote proposed by a coordination takes effect once the direction régionale
    of the comité's region (or the central office) confirms it (DESIGN §3b) — never one's own."""
    comite = mandat.comite
    if comite.creneau_id and comite.creneau.termine:
        return _lecture_seule(comite.creneau)
    if not ministere_de(roles, region_du_comite(comite)):
        return non(_("Seule la direction régionale du Ministère confirme les mandats des comités de sa région."))
    if mandat.personne.user_id is not None and mandat.personne.user_id == user.pk:
        return non(_("Un mandat ne se confirme pas par la personne qui le reçoit."))
    return OUI


@regle("creneaux.gerer_organisations")
def gerer_organisations(user, organisation, roles):
    """Coordinations and ministry staff keep the organisations' register up to date."""
    if roles.coordination or roles.ministere or roles.admin:
        return OUI
    return non(_("Seuls les coordinations de créneau et le Ministère tiennent le registre des organisations."))


@regle("creneaux.gerer_ententes")
def gerer_ententes(user, entente, roles):
    """Ententes (principe, mise en œuvre, renouvellement) are recorded by the Ministère: the central
    office, or the direction régionale of the region (of the créneau's region porteuse)."""
    region_id = entente.region_id if entente.region_id else entente.creneau.region_porteuse_id
    if ministere_de(roles, region_id):
        return OUI
    return non(_("Les ententes sont consignées par le Ministère (bureau central ou direction régionale de la région)."))


@regle("creneaux.lister_ententes")
def lister_ententes(user, obj, roles):
    """The register of ententes, where the Ministère records them."""
    if roles.ministere or roles.admin:
        return OUI
    return non(_("Le registre des ententes est tenu par le Ministère."))


@regle("creneaux.repondre_collaboration")
def repondre_collaboration(user, demande, roles):
    """Only the invited créneau's coordination accepts or declines a collaboration, once."""
    if demande.creneau_id not in roles.coordination:
        return non(_("Seule la coordination du créneau invité accepte ou décline cette collaboration."))
    if demande.statut != demande.Statut.EN_ATTENTE:
        return non(_("Cette demande a déjà reçu sa réponse (%(s)s).") % {"s": demande.get_statut_display().lower()})
    return OUI


@regle("creneaux.voir_dossier_excellence")
def voir_dossier_excellence(user, creneau, roles):
    """The documentation of the dossier d'excellence: the créneau's coordination and comités, and
    the Ministère (its region's direction, the central office)."""
    if (
        creneau.pk in roles.coordination
        or creneau.pk in roles.creneaux_membre
        or ministere_de(roles, creneau.region_porteuse_id)
        or roles.admin
    ):
        return OUI
    return non(_("La documentation du dossier d'excellence est réservée au créneau et au Ministère."))
