"""Who may read and edit the organisational side of ACCORD (docs/permissions.md)."""

from django.utils.translation import gettext_lazy as _

from creneaux.models import TYPES_DECIDEURS, Creneau, Reglement
from creneaux.roles import regle
from noyau.horloge import aujourdhui
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


@regle("creneaux.annuaire", public=True)
def annuaire(user, obj, roles):
    """The directory of créneaux, the régions and the organisations are public (a potential
    créneau is left out of the lists for those who may not see its fiche: creneaux.voir_fiche)."""
    return OUI


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
    of the comité's region (or the central office) confirms it (docs/seances.md) — never one's own."""
    comite = mandat.comite
    if comite.creneau_id and comite.creneau.termine:
        return _lecture_seule(comite.creneau)
    if not ministere_de(roles, region_du_comite(comite)):
        return non(_("Seule la direction régionale du Ministère confirme les mandats des comités de sa région."))
    if mandat.personne.user_id is not None and mandat.personne.user_id == user.pk:
        return non(_("Un mandat ne se confirme pas par la personne qui le reçoit."))
    return OUI


@regle("creneaux.creer_comite")
def creer_comite(user, comite, roles):
    """A comité that decides on the créneau's projects (comité de créneau, exécutif,
    interrégional) is created, or given such a type, by the Ministère only; a comité de travail
    by the créneau's editors."""
    if comite.creneau_id and comite.creneau.termine:
        return _lecture_seule(comite.creneau)
    if comite.type not in TYPES_DECIDEURS:
        return modifier_comite(user, comite)
    if ministere_du_comite(roles, comite):
        return OUI
    return non(
        _("Un comité qui décide des projets (comité de créneau, exécutif ou interrégional) est créé par le Ministère "
          "(direction régionale de la région) ; la coordination crée des comités de travail.")
    )  # fmt: skip


def _reglement_fige(comite):
    if comite.creneau_id and comite.creneau.termine:
        return _lecture_seule(comite.creneau)
    return None


@regle("creneaux.modifier_reglement")
def modifier_reglement(user, comite, roles):
    """A comité's règlement (quorum, consultations, delegation…) is set by the Ministère: the
    direction régionale of its region or the central office — never by the people it binds."""
    if (refus := _reglement_fige(comite)) is not None:
        return refus
    if ministere_du_comite(roles, comite):
        return OUI
    return non(
        _("Le règlement d'un comité est fixé par le Ministère (direction régionale de sa région) : la coordination "
          "du créneau ou le bureau du comité peut seulement en proposer une modification.")
    )  # fmt: skip


@regle("creneaux.proposer_reglement")
def proposer_reglement(user, comite, roles):
    """The créneau's coordination or the comité's bureau proposes a change of its règlement,
    which takes effect once the Ministère confirms it."""
    if (refus := _reglement_fige(comite)) is not None:
        return refus
    if (comite.creneau_id and comite.creneau_id in roles.coordination) or comite.pk in roles.comites_bureau:
        return OUI
    return non(_("Seuls la coordination du créneau et le bureau du comité proposent une modification de son règlement."))


@regle("creneaux.changer_reglement")
def changer_reglement(user, comite, roles):
    """The règlement's page: set it (Ministère) or propose a change (coordination, bureau)."""
    fixer = modifier_reglement(user, comite)
    return fixer if fixer.ok else proposer_reglement(user, comite)


@regle("creneaux.confirmer_reglement")
def confirmer_reglement(user, reglement, roles):
    """A proposed règlement takes effect once the Ministère (direction régionale of the comité's
    region, or central) confirms it; it may also refuse it."""
    comite = reglement.comite
    if (refus := _reglement_fige(comite)) is not None:
        return refus
    if not ministere_du_comite(roles, comite):
        return non(
            _("Seule la direction régionale du Ministère confirme ou refuse le règlement proposé d'un comité de sa région.")
        )
    if reglement.etat != Reglement.Etat.PROPOSE:
        return non(_("Ce règlement n'attend plus de décision (%(etat)s).") % {"etat": reglement.get_etat_display().lower()})
    return OUI


@regle("creneaux.terminer_mandat")
def terminer_mandat(user, mandat, roles):
    """A mandate is ended by the Ministère (direction régionale of the comité's region, or
    central), or by the person's resignation (creneaux.demissionner) — never by the coordination."""
    comite = mandat.comite
    if comite.creneau_id and comite.creneau.termine:
        return _lecture_seule(comite.creneau)
    if ministere_du_comite(roles, comite):
        return OUI
    return non(
        _("La fin d'un mandat relève de la direction régionale du Ministère, ou de la personne elle-même par sa "
          "démission : la coordination ne peut pas y mettre fin.")
    )  # fmt: skip


@regle("creneaux.demissionner")
def demissionner(user, mandat, roles):
    """The person holding a mandate resigns from it, from their own account."""
    if mandat.personne.user_id is None or mandat.personne.user_id != user.pk:
        return non(_("Seule la personne qui détient ce mandat peut en démissionner."))
    if mandat.fin is not None and mandat.fin <= aujourdhui():
        return non(_("Ce mandat a déjà pris fin."))
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


@regle("creneaux.nommer_coordination")
def nommer_coordination(user, creneau, roles):
    """The coordination of a créneau is appointed and ended by the Ministère — the direction
    régionale of its region porteuse or the central office —, never by the coordination itself
    nor by a comité; a merged or withdrawn créneau has none any more."""
    if creneau.termine:
        return _lecture_seule(creneau)
    if creneau.pk in roles.coordination:
        return non(_("Une coordination ne se nomme ni ne se termine elle-même : c'est un acte du Ministère."))
    if ministere_de(roles, creneau.region_porteuse_id):
        return OUI
    return non(
        _("La coordination d'un créneau est nommée et terminée par le Ministère "
          "(direction régionale de sa région ou bureau central).")
    )  # fmt: skip


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
