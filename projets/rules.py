"""Who may do what on a project (docs/permissions.md). Each rule gets (user, projet, roles).

The transition rules check the role and scope first, then the state (from the FSM graph on
`Projet`); projets.actions asks these same rules before acting, so a page's "why not" and the
action's refusal always agree. `projets.voir` matches `projets.selectors.visibles(user)`.
"""

from types import MethodType

from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from creneaux.models import Creneau
from creneaux.roles import regle
from noyau.permissions import OUI, non
from projets.models import STATUTS_DEPUIS_REGIONAL, Projet, Statut
from projets.selectors import derniere_analyse

EN_PREPARATION = (Statut.BROUILLON, Statut.A_COMPLETER)

REFUS_COORDINATION = _("Réservé à la coordination du créneau de ce projet.")
REFUS_RESOLUTION = _("Réservé à la présidence ou au secrétariat du comité qui adopte les résolutions de ce créneau.")
REFUS_REGIONAL = _("Réservé à la présidence ou au secrétariat du comité régional de la région de ce projet.")
REFUS_DR = _("Réservé à la direction régionale du Ministère de la région de ce projet.")
REFUS_CENTRAL = _("Réservé au Ministère (bureau central).")
REFUS_MINISTERE = _("Réservé au Ministère (bureau central ou direction régionale de la région du projet).")
EN_ATTENTE_ANALYSE = _("En attente de l'analyse de la direction régionale.")


def _etat(projet, mouvement):
    """OUI if the workflow graph allows `mouvement` (Projet._soumettre, …) from the project's
    current state."""
    if can_proceed(MethodType(mouvement, projet)):
        return OUI
    return non(_("Action impossible dans l'état actuel du projet (%(etat)s).") % {"etat": projet.get_statut_display()})


def _coordination(projet, roles):
    return projet.creneau_id in roles.coordination


def _dr(projet, roles):
    return projet.creneau.region_porteuse_id in roles.directions_regionales


def _est_passe_au_comite_regional(projet):
    return projet.statut in STATUTS_DEPUIS_REGIONAL or (
        projet.statut in (Statut.A_COMPLETER, Statut.RETIRE)
        and projet.decisions.filter(vers_statut=Statut.COMITE_REGIONAL).exists()
    )


def _a_ete_soumis(projet):
    return projet.statut != Statut.BROUILLON and not (projet.statut == Statut.RETIRE and projet.soumis_le is None)


@regle("projets.lister")
def lister(user, obj, roles):
    """The list and its export: any account (each sees only its visible projects, see selectors.visibles)."""
    return OUI


@regle("projets.creer")
def creer(user, creneau, roles):
    """Start a draft: coordination of `creneau` (or of any créneau when `creneau` is None); a merged
    or withdrawn créneau files no new project."""
    if creneau is not None and creneau.termine:
        return _creneau_termine(creneau)
    if (creneau is None and roles.coordination) or (creneau is not None and creneau.pk in roles.coordination):
        return OUI
    return non(_("Seule la coordination d'un créneau dépose des projets pour ce créneau."))


@regle("projets.voir")
def voir(user, projet, roles):
    if roles.central or roles.admin or _coordination(projet, roles) or _dr(projet, roles):
        return OUI
    if projet.creneau_id in roles.creneaux_membre and _a_ete_soumis(projet):
        return OUI
    if projet.creneau.region_porteuse_id in roles.regions_membre and _est_passe_au_comite_regional(projet):
        return OUI
    return non(_("Ce projet n'est pas devant un comité dont vous êtes membre."))


@regle("projets.telecharger_piece")
def telecharger_piece(user, projet, roles):
    return voir(user, projet)


def _creneau_termine(creneau):
    return non(
        _("Le créneau « %(nom)s » est %(statut)s : il ne dépose ni ne modifie plus de projet.")
        % {"nom": creneau.nom, "statut": creneau.get_statut_display().lower()}
    )


@regle("projets.modifier")
def modifier(user, projet, roles):
    if not _coordination(projet, roles):
        return non(REFUS_COORDINATION)
    if projet.creneau.termine:
        return _creneau_termine(projet.creneau)
    if projet.statut not in EN_PREPARATION:
        return non(_("Un projet ne se modifie qu'en brouillon ou à compléter."))
    return OUI


@regle("projets.commenter")
def commenter(user, projet, roles):
    if roles.central or _coordination(projet, roles):
        return OUI
    if _dr(projet, roles):
        if projet.statut in EN_PREPARATION:
            return OUI
        return non(_("La direction régionale commente les projets en préparation (brouillon ou à compléter)."))
    return non(_("Réservé à la coordination du créneau, à la direction régionale et au Ministère."))


def _regle_transition(nom, mouvement, autorise, refus, etape_faite=None):
    """Declare rule `nom`: role test `autorise(projet, roles)`, then the state (may the FSM graph's
    `mouvement` run?), then `etape_faite(projet) -> Verdict` (a workflow step that must come
    first), if any."""

    def fn(user, projet, roles):
        if not autorise(projet, roles):
            return non(refus)
        if projet.creneau.termine:
            return _creneau_termine(projet.creneau)
        verdict = _etat(projet, mouvement)
        if verdict and etape_faite is not None:
            return etape_faite(projet)
        return verdict

    return regle(nom)(fn)


def _resolution(projet, roles):
    return projet.creneau_id in roles.resolution


def _regional(projet, roles):
    return projet.creneau.region_porteuse_id in roles.comite_regional


def _ministere(projet, roles):
    return roles.central or _dr(projet, roles)


def _central(projet, roles):
    return roles.central


def _analyse(projet):
    """The bureau central decides on the direction régionale's analysis of this passage at the
    Ministère (projets.selectors.derniere_analyse)."""
    return OUI if derniere_analyse(projet) is not None else non(EN_ATTENTE_ANALYSE)


soumettre = _regle_transition("projets.soumettre", Projet._soumettre, _coordination, REFUS_COORDINATION)
retirer = _regle_transition("projets.retirer", Projet._retirer, _coordination, REFUS_COORDINATION)
adopter_resolution = _regle_transition("projets.adopter_resolution", Projet._adopter_resolution, _resolution, REFUS_RESOLUTION)
rejeter_resolution = _regle_transition("projets.rejeter_resolution", Projet._rejeter_resolution, _resolution, REFUS_RESOLUTION)
approuver_regional = _regle_transition("projets.approuver_regional", Projet._approuver_regional, _regional, REFUS_REGIONAL)
refuser_regional = _regle_transition("projets.refuser_regional", Projet._refuser_regional, _regional, REFUS_REGIONAL)
analyser = _regle_transition("projets.analyser", Projet._analyser, _dr, REFUS_DR)
demander_complement = _regle_transition("projets.demander_complement", Projet._demander_complement, _ministere, REFUS_MINISTERE)
accepter = _regle_transition("projets.accepter", Projet._accepter, _central, REFUS_CENTRAL, _analyse)
refuser = _regle_transition("projets.refuser", Projet._refuser, _central, REFUS_CENTRAL, _analyse)
signer_convention = _regle_transition("projets.signer_convention", Projet._signer_convention, _ministere, REFUS_MINISTERE)
enregistrer_versement = _regle_transition(
    "projets.enregistrer_versement", Projet._enregistrer_versement, _ministere, REFUS_MINISTERE
)
accepter_rapport_final = _regle_transition(
    "projets.accepter_rapport_final", Projet._accepter_rapport_final, _ministere, REFUS_MINISTERE
)
desengager = _regle_transition("projets.desengager", Projet._desengager, _ministere, REFUS_MINISTERE)


@regle("projets.regler_fin_de_creneau")
def regler_fin_de_creneau(user, projet, roles):
    """Transfer or withdraw an open project of a créneau being merged or withdrawn: the Ministère
    (who decides the créneau's stage), while the project is open."""
    if not _ministere(projet, roles):
        return non(REFUS_MINISTERE)
    return _etat(projet, Projet._retirer_avec_creneau)


@regle("projets.voir_enveloppe")
def voir_enveloppe(user, enveloppe, roles):
    """The envelope of a region and its répartition: the Ministère (central, or that region's
    direction), the region's comité régional and comités' members, its créneaux' coordinations."""
    if roles.central or roles.admin or enveloppe.region_id in roles.directions_regionales:
        return OUI
    if enveloppe.region_id in roles.regions_membre or enveloppe.region_id in roles.comite_regional:
        return OUI
    if roles.coordination and Creneau.objects.filter(pk__in=roles.coordination, region_porteuse=enveloppe.region_id).exists():
        return OUI
    return non(_("Réservé au Ministère et aux comités et coordinations de la région de cette enveloppe."))


@regle("projets.repartir")
def repartir(user, enveloppe, roles):
    """Adopt a répartition of an envelope: the bureau of the comité régional of its region."""
    if enveloppe.region_id in roles.comite_regional:
        return OUI
    return non(_("Réservé à la présidence ou au secrétariat du comité régional de la région de cette enveloppe."))


@regle("projets.renvoyer")
def renvoyer(user, projet, roles):
    """Send back to the coordination: the comité before which the project is now."""
    if projet.statut == Statut.COMITE_CRENEAU and not _resolution(projet, roles):
        return non(REFUS_RESOLUTION)
    if projet.statut == Statut.COMITE_REGIONAL and not _regional(projet, roles):
        return non(REFUS_REGIONAL)
    if projet.statut not in (Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL) and not (
        _resolution(projet, roles) or _regional(projet, roles)
    ):
        return non(_("Réservé au bureau du comité de créneau ou du comité régional devant lequel est le projet."))
    return _etat(projet, Projet._renvoyer)


@regle("projets.deposer_rapport_final")
def deposer_rapport_final(user, projet, roles):
    if not _coordination(projet, roles):
        return non(REFUS_COORDINATION)
    if projet.statut != Statut.EN_REALISATION:
        return non(_("Le rapport final se dépose quand le projet est en réalisation."))
    return OUI
