"""Every change of a stratégie et plan d'action, one verb each (the contract: noyau.actions).

Verb (rule)                          what                                   guard
creer_plan (plans.modifier)          a new plan of the créneau, in          the entente is one of the créneau's (not an
                                       preparation                          entente de principe); the period ends after it starts
modifier_plan (plans.modifier)       period, entente, vision, mission       same
ajouter_element (plans.modifier)     an axe in a plan, an objectif in an    its number is free within its parent
                                       axe, an action in an objectif
modifier_element (plans.modifier)    same                                   same
supprimer_element (plans.modifier)   an axe, objectif or action and what    no bilan reports on one of its actions
                                       it contains
approuver (a séance's Resolution)    preparation → approved                 the résolution's comité is the one that adopts
                                                                            the créneau's plans; adopted in séance

Each verb locks the plan's row (edits of one plan follow one another), asks its rule, checks its
guard, and records who changed what, when and why in the models' history (simple_history rows,
written in the same transaction). The approval is e-mailed to the créneau's coordination.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from creneaux import destinataires
from creneaux.models import Entente
from creneaux.resolutions import exiger_resolution
from noyau.actions import ActionRefusee, Conflit, exiger, verrouiller
from noyau.courriels import notifier_apres_commit
from noyau.horloge import maintenant
from plans.models import (
    NUMERO_PRIS,
    PARENT,
    Action,
    ActionPartenaire,
    Axe,
    Objectif,
    PlanAction,
    PlanPartenaire,
    numero_pris,
    plan_de,
)
from plans.selectors import comites_adoptants
from regions.models import PrioriteRegionale, StrategieRegionale

CHAMPS_PLAN = ("entente", "debut", "fin", "vision", "mission")
# What each element of a plan holds, and the parent it belongs to.
CHAMPS = {
    Axe: ("numero", "titre"),
    Objectif: ("numero", "titre"),
    Action: ("numero", "titre", "responsable", "echeance", "indicateur", "valeur_depart", "cible"),
}
ENFANT = {PlanAction: Axe, Axe: Objectif, Objectif: Action}


def _verrouiller(plan, version=None):
    """The plan, locked; refused (Conflit) when it changed since the form was read at `version`."""
    return verrouiller(PlanAction.objects.select_related("creneau"), plan, version, conflit=_conflit)


def _conflit():
    return Conflit(
        _("Ce plan a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rechargez la page, vos "
          "changements n'ont pas été enregistrés.")
    )  # fmt: skip


def _nouvelle_version(plan):
    """Every change of the plan or of its elements makes the forms read before stale."""
    plan.version += 1
    PlanAction.objects.filter(pk=plan.pk).update(version=F("version") + 1)


def _relire(element):
    """`element` as it stands under the plan's lock (someone may have deleted it meanwhile)."""
    relu = type(element).objects.filter(pk=element.pk).first()
    if relu is None:
        raise ActionRefusee(_("Cet élément du plan a été supprimé entre-temps. Rechargez la page."))
    return relu


def _enregistrer(obj, par, raison):
    """Save `obj` with its history row: who, when (the portal's clock), why."""
    obj._history_user = par
    obj._history_date = maintenant()
    obj._change_reason = raison
    obj.save()


def _remplir(obj, champs, donnees):
    for champ in champs:
        if champ in donnees:
            setattr(obj, champ, donnees[champ])


def _verifier_plan(plan):
    ententes = Entente.objects.filter(creneau=plan.creneau_id).exclude(type=Entente.Type.PRINCIPE)
    if plan.entente_id and not ententes.filter(pk=plan.entente_id).exists():
        raise ActionRefusee(_("Choisissez une entente de mise en œuvre de ce créneau."), champ="entente")
    if not (plan.debut and plan.fin):
        raise ActionRefusee(_("Indiquez le début et la fin de la période."), champ="debut" if not plan.debut else "fin")
    if plan.fin <= plan.debut:
        raise ActionRefusee(_("La période doit finir après son début."), champ="fin")


def creer_plan(creneau, *, par, donnees) -> PlanAction:
    """A new plan of `creneau`, in preparation; `donnees`: entente, debut, fin, vision, mission."""
    with transaction.atomic():
        exiger("plans.modifier", par, creneau)
        plan = PlanAction(creneau=creneau)
        _remplir(plan, CHAMPS_PLAN, donnees)
        _verifier_plan(plan)
        _enregistrer(plan, par, _("Création du plan"))
    return plan


def modifier_plan(plan, *, par, donnees, version=None) -> PlanAction:
    """Change the plan's period, entente, vision or mission (the keys of `donnees`); a form read
    at an older `version` is refused (Conflit)."""
    with transaction.atomic():
        plan = _verrouiller(plan, version)
        exiger("plans.modifier", par, plan)
        _remplir(plan, CHAMPS_PLAN, donnees)
        _verifier_plan(plan)
        plan.version += 1
        _enregistrer(plan, par, _("Modification de la stratégie"))
    return plan


def _verifier_numero(element):
    if element.numero is None:
        raise ActionRefusee(_("Indiquez le numéro."), champ="numero")
    if numero_pris(element, element.numero):
        raise ActionRefusee(NUMERO_PRIS, champ="numero")


def ajouter_element(parent, *, par, donnees):
    """Add to `parent` (a plan, axe or objectif) its next level (an axe, objectif or action)."""
    modele = ENFANT[type(parent)]
    with transaction.atomic():
        plan = _verrouiller(plan_de(parent))
        exiger("plans.modifier", par, plan)
        parent = _relire(parent)
        element = modele(**{PARENT[modele]: parent})
        _remplir(element, CHAMPS[modele], donnees)
        _verifier_numero(element)
        priorites = _priorites(element, plan, donnees)
        _enregistrer(element, par, _("Ajout : %(quoi)s") % {"quoi": modele._meta.verbose_name})
        if priorites is not None:
            element.priorites.set(priorites)
        _nouvelle_version(plan)
    return element


def modifier_element(element, *, par, donnees, version=None):
    """Change an axe, objectif or action (the keys of `donnees`); a form read at an older
    `version` of its plan is refused (Conflit)."""
    modele = type(element)
    with transaction.atomic():
        plan = _verrouiller(plan_de(element), version)
        exiger("plans.modifier", par, plan)
        element = _relire(element)
        _remplir(element, CHAMPS[modele], donnees)
        _verifier_numero(element)
        priorites = _priorites(element, plan, donnees)
        _enregistrer(element, par, _("Modification : %(quoi)s") % {"quoi": modele._meta.verbose_name})
        if priorites is not None:
            element.priorites.set(priorites)
        _nouvelle_version(plan)
    return element


def _priorites(element, plan, donnees):
    """An action's priorités régionales (None: unchanged): those of the créneau's regions only."""
    if not isinstance(element, Action) or donnees.get("priorites") is None:
        return None
    creneau = plan.creneau
    regions = {creneau.region_porteuse_id, *creneau.autres_regions.values_list("pk", flat=True)}
    ailleurs = [str(p) for p in donnees["priorites"] if p.region_id not in regions]
    if ailleurs:
        raise ActionRefusee(
            _("Ces priorités ne sont pas celles des régions du créneau : %(p)s.") % {"p": ", ".join(ailleurs)},
            champ="priorites",
        )
    return list(donnees["priorites"])


def _contenu(element):
    """The element and everything it contains, the deepest first."""
    if isinstance(element, Axe):
        return [*Action.objects.filter(objectif__axe=element), *element.objectifs.all(), element]
    if isinstance(element, Objectif):
        return [*element.actions.all(), element]
    return [element]


def supprimer_element(element, *, par) -> PlanAction:
    """Delete an axe, objectif or action and what it contains (each deletion recorded with its
    author); refused while a bilan reports on one of its actions. Returns the plan."""
    modele = type(element)
    with transaction.atomic():
        plan = _verrouiller(plan_de(element))
        exiger("plans.modifier", par, plan)
        element = _relire(element)
        raison = _("Suppression : %(quoi)s « %(nom)s »") % {"quoi": modele._meta.verbose_name, "nom": element}
        try:
            for obj in _contenu(element):
                obj._history_user, obj._history_date, obj._change_reason = par, maintenant(), raison
                obj.delete()
        except ProtectedError:
            raise ActionRefusee(_("Impossible de supprimer : un bilan annuel rend compte de cette action.")) from None
        _nouvelle_version(plan)
    return plan


def approuver(plan, *, resolution) -> PlanAction:
    """Record the plan's adoption by its comité, from the résolution of the séance that adopted it
    (creneaux.resolutions: the only way; no page records an adoption directly). Guards of the
    plan itself: not approved yet, its créneau not merged or withdrawn, the résolution's comité is
    the one that adopts this créneau's plans. The coordination is told."""
    r = exiger_resolution(resolution)
    with transaction.atomic():
        plan = _verrouiller(plan)
        if plan.creneau.termine:
            raise ActionRefusee(
                _("Ce créneau est %(statut)s : son plan d'action ne s'adopte plus.")
                % {"statut": plan.creneau.get_statut_display().lower()}
            )
        if plan.approuve:
            raise ActionRefusee(_("Ce plan est déjà approuvé."))
        exiger_resolution(
            r,
            lambda c: comites_adoptants(plan.creneau).filter(pk=c.pk).exists(),
            _("Ce comité n'adopte pas le plan d'action de ce créneau."),
        )
        if not r.adoptee:
            raise ActionRefusee(_("La résolution %(n)s n'adopte pas ce plan.") % {"n": r.numero})
        plan.statut, plan.adopte_par, plan.adopte_le = PlanAction.Statut.APPROUVE, r.comite, timezone.localdate(r.date)
        plan.adopte_seance, plan.adopte_resolution = r.seance, r.numero
        _enregistrer(plan, r.par, _("Adoption par %(comite)s, résolution %(n)s") % {"comite": r.comite, "n": r.numero})
        notifier_apres_commit(
            destinataires.coordination(plan.creneau),
            lambda: _("Plan d'action approuvé : %(creneau)s") % {"creneau": plan.creneau.nom},
            "plans/courriels/approuve.txt",
            {"plan": plan},
        )
    return plan


# ---------------------------------------------------------------------------------------------
# Regional strategies and their priorities; partners' action plans (the Ministère's)
#
# Verb (rule)                                   what                                 guard
# enregistrer_strategie (plans.gerer_strategie)  a region's strategy: title, period   the period is bounded; one per
#                                                                                     region, title and start
# enregistrer_priorite (plans.gerer_strategie)   a numbered priority of a strategy    its number is free in the
#                                                                                     strategy (and territory)
# enregistrer_plan_partenaire                    a partner's plan: organisation,      the period is bounded
#   (plans.gerer_plans_partenaires)                title, period, presentation
# enregistrer_action_partenaire                  an action: indicator, target, the    its number is free in the plan;
#   (plans.gerer_plans_partenaires)                priorities answered, the regions   each priority's strategy covers
#                                                  concerned (with their priorities') part of the plan's period
#
# Each is the creation of a new object (pk None, its parent set) or the change of an existing one
# (locked, read again); the history row says who, when and why, in the same transaction.

CHAMPS_STRATEGIE = ("titre", "debut", "fin")
CHAMPS_PRIORITE = ("numero", "territoire", "titre", "texte")
CHAMPS_PLAN_PARTENAIRE = ("organisation", "titre", "debut", "fin", "description")
CHAMPS_ACTION_PARTENAIRE = ("numero", "titre", "indicateur", "cible")


def _valider(obj):
    """The model's fields and constraints, as a refusal next to the field rather than a database error."""
    try:
        obj.full_clean()
    except ValidationError as e:
        erreurs = e.message_dict
        raise ActionRefusee(" ".join(m for messages in erreurs.values() for m in messages), erreurs=erreurs) from None


def _ligne(obj, queryset):
    """`obj` itself when new; else its row, locked (a deleted row is a clear refusal)."""
    if obj.pk is None:
        return obj
    try:
        return verrouiller(queryset, obj)
    except queryset.model.DoesNotExist:
        raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None


def enregistrer_strategie(strategie, *, par, donnees) -> StrategieRegionale:
    """Create `strategie` (new, its region set) or change its title and period (`donnees`)."""
    nouvelle = strategie.pk is None
    with transaction.atomic():
        s = _ligne(strategie, StrategieRegionale.objects.select_related("region"))
        exiger("plans.gerer_strategie", par, s)
        _remplir(s, CHAMPS_STRATEGIE, donnees)
        _valider(s)
        _enregistrer(s, par, _("Stratégie créée") if nouvelle else _("Stratégie modifiée"))
    return s


def enregistrer_priorite(priorite, *, par, donnees) -> PrioriteRegionale:
    """Add a numbered priority to its strategy (new, `strategie` set) or change one. The strategy
    is locked: two numberings of the same strategy follow one another."""
    nouvelle = priorite.pk is None
    with transaction.atomic():
        try:
            strategie = verrouiller(StrategieRegionale.objects.select_related("region"), priorite.strategie)
        except StrategieRegionale.DoesNotExist:
            raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None
        p = _ligne(priorite, PrioriteRegionale.objects.select_related("region"))
        if p.strategie_id != strategie.pk:
            raise ActionRefusee(_("Une priorité ne change pas de stratégie."))
        exiger("plans.gerer_strategie", par, strategie)
        p.region_id = strategie.region_id
        _remplir(p, CHAMPS_PRIORITE, donnees)
        if p.numero is None:
            raise ActionRefusee(_("Indiquez le numéro."), champ="numero")
        pris = PrioriteRegionale.objects.filter(strategie=strategie, territoire=p.territoire, numero=p.numero).exclude(pk=p.pk)
        if pris.exists():
            raise ActionRefusee(
                _("Ce numéro est déjà celui d'une autre priorité de cette stratégie (et de ce territoire)."), champ="numero"
            )
        _valider(p)
        _enregistrer(p, par, _("Priorité ajoutée") if nouvelle else _("Priorité modifiée"))
    return p


def enregistrer_plan_partenaire(plan, *, par, donnees) -> PlanPartenaire:
    """Create a partner's action plan or change it (`donnees`: CHAMPS_PLAN_PARTENAIRE)."""
    nouveau = plan.pk is None
    with transaction.atomic():
        p = _ligne(plan, PlanPartenaire.objects.select_related("organisation"))
        exiger("plans.gerer_plans_partenaires", par, p)
        _remplir(p, CHAMPS_PLAN_PARTENAIRE, donnees)
        if p.organisation_id is None:
            raise ActionRefusee(_("Choisissez l'organisation partenaire."), champ="organisation")
        _valider(p)
        _enregistrer(p, par, _("Plan du partenaire créé") if nouveau else _("Plan du partenaire modifié"))
    return p


def enregistrer_action_partenaire(action, *, par, donnees) -> ActionPartenaire:
    """Add an action to its partner's plan (new, `plan` set) or change one: its number, text,
    indicator, target, the regional priorities it answers (`priorites`) and the regions concerned
    (`regions`, to which the regions of its priorities are added)."""
    nouvelle = action.pk is None
    with transaction.atomic():
        try:
            plan = verrouiller(PlanPartenaire.objects.all(), action.plan)
        except PlanPartenaire.DoesNotExist:
            raise ActionRefusee(_("Cet élément a été supprimé entre-temps. Rechargez la page.")) from None
        a = _ligne(action, ActionPartenaire.objects.all())
        if a.plan_id != plan.pk:
            raise ActionRefusee(_("Une action ne change pas de plan."))
        exiger("plans.gerer_plans_partenaires", par, plan)
        _remplir(a, CHAMPS_ACTION_PARTENAIRE, donnees)
        if a.numero is None:
            raise ActionRefusee(_("Indiquez le numéro."), champ="numero")
        if ActionPartenaire.objects.filter(plan=plan, numero=a.numero).exclude(pk=a.pk).exists():
            raise ActionRefusee(NUMERO_PRIS, champ="numero")
        priorites = list(donnees.get("priorites") or [])
        hors_periode = [str(p) for p in priorites if p.strategie.fin < plan.debut or p.strategie.debut > plan.fin]
        if hors_periode:
            raise ActionRefusee(
                _("Ces priorités appartiennent à une stratégie d'une autre période que le plan (%(periode)s) : %(p)s.")
                % {"periode": plan.periode, "p": ", ".join(hors_periode)},
                champ="priorites",
            )
        regions = {r.pk: r for r in donnees.get("regions") or []}
        regions |= {p.region_id: p.region for p in priorites}
        _valider(a)
        # One history row per change, with its links: they are set first, without history rows
        # of their own (a new action is saved first, to have links).
        a.skip_history_when_saving = True
        if a.pk is None:
            a.save()
        a.priorites.set(priorites)
        a.regions.set(regions.values())
        del a.skip_history_when_saving
        _enregistrer(a, par, _("Action ajoutée") if nouvelle else _("Action modifiée"))
    return a
