"""The verbs of plans.actions: the coordination builds the plan, the adopting comité's bureau (or
the coordination) records its approval; every change leaves a history row naming its author."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from noyau.actions import ActionRefusee
from plans import actions
from plans.models import Action, Axe, Objectif, PlanAction
from tests.factories import ComiteFactory, EntenteFactory, ReunionFactory
from tests.factories.seances import resolution

DONNEES_PLAN = {"debut": datetime.date(2029, 4, 1), "fin": datetime.date(2034, 3, 31), "vision": "Leader", "mission": "Mobiliser"}


def etat():
    """Every plan, element and history row."""
    return [
        list(m.objects.order_by("pk").values_list())
        for m in (PlanAction, Axe, Objectif, Action, PlanAction.history.model, Axe.history.model, Action.history.model)
    ]


VERBES = {
    "creer_plan": lambda m, par: actions.creer_plan(m.creneau, par=par, donnees=DONNEES_PLAN),
    "modifier_plan": lambda m, par: actions.modifier_plan(m.plan, par=par, donnees={"vision": "Autre"}),
    "ajouter_element": lambda m, par: actions.ajouter_element(m.plan, par=par, donnees={"numero": 9, "titre": "Marchés"}),
    "modifier_element": lambda m, par: actions.modifier_element(m.action, par=par, donnees={"titre": "Autre"}),
    "supprimer_element": lambda m, par: actions.supprimer_element(m.action.objectif.axe, par=par),
}


@pytest.mark.parametrize("verbe", VERBES)
@pytest.mark.parametrize("qui", ["membre", "dr", "central", "coordination_autre", "sans_role"])
def test_refuse_hors_coordination_rien_ne_change(monde, verbe, qui):
    avant = etat()
    with pytest.raises(ActionRefusee, match="Seule la coordination du créneau modifie son plan d'action"):
        VERBES[verbe](monde, getattr(monde, qui))
    assert etat() == avant


def dernier(obj_ou_modele, **filtre):
    return obj_ou_modele.history.filter(**filtre).order_by("-history_id").first()


def test_la_coordination_construit_son_plan_chaque_pas_historise(monde):
    c = monde.coordination
    plan = actions.creer_plan(monde.creneau, par=c, donnees=DONNEES_PLAN)
    assert (plan.creneau, plan.statut, plan.vision) == (monde.creneau, "preparation", "Leader")
    axe = actions.ajouter_element(plan, par=c, donnees={"numero": 1, "titre": "Main-d'œuvre"})
    objectif = actions.ajouter_element(axe, par=c, donnees={"numero": 1, "titre": "Attirer la relève"})
    action = actions.ajouter_element(objectif, par=c, donnees={"numero": 1, "titre": "Salon", "cible": 300})
    assert (type(axe), type(objectif), type(action), action.cible) == (Axe, Objectif, Action, 300)
    action = actions.modifier_element(action, par=c, donnees={"titre": "Salon de l'emploi"})
    plan = actions.modifier_plan(plan, par=c, donnees={"mission": "Former"})
    assert (Action.objects.get(pk=action.pk).titre, PlanAction.objects.get(pk=plan.pk).mission) == ("Salon de l'emploi", "Former")
    for obj, raison in [(plan, "Modification de la stratégie"), (axe, "Ajout : axe"), (action, "Modification : action")]:
        h = obj.history.first()
        assert (h.history_user, h.history_change_reason) == (c, raison)
    assert [h.history_type for h in action.history.order_by("history_id")] == ["+", "~"]


def test_numero_deja_pris_refuse_sur_le_champ(monde):
    with pytest.raises(ActionRefusee) as refus:
        donnees = {"numero": monde.action.numero, "titre": "X"}
        actions.ajouter_element(monde.action.objectif, par=monde.coordination, donnees=donnees)
    assert refus.value.champ == "numero"
    assert monde.action.objectif.actions.count() == 1


def test_periode_et_entente_verifiees(monde):
    with pytest.raises(ActionRefusee) as refus:
        actions.creer_plan(monde.creneau, par=monde.coordination, donnees={**DONNEES_PLAN, "fin": datetime.date(2020, 1, 1)})
    assert refus.value.champ == "fin"
    entente_autre = EntenteFactory(creneau=monde.autre)
    with pytest.raises(ActionRefusee) as refus:
        actions.modifier_plan(monde.plan, par=monde.coordination, donnees={"entente": entente_autre})
    assert refus.value.champ == "entente"
    assert PlanAction.objects.count() == 1
    assert PlanAction.objects.get().entente is None


def test_suppression_d_un_axe_historisee_pour_chaque_element(monde):
    axe, objectif, action = monde.action.objectif.axe, monde.action.objectif, monde.action
    plan = actions.supprimer_element(axe, par=monde.coordination)
    assert plan == monde.plan and not Axe.objects.exists() and not Objectif.objects.exists() and not Action.objects.exists()
    for modele, pk in ((Axe, axe.pk), (Objectif, objectif.pk), (Action, action.pk)):
        h = modele.history.filter(id=pk).order_by("-history_id").first()
        assert (h.history_type, h.history_user) == ("-", monde.coordination)


def _resolution(monde, comite=None, **kwargs):
    reunion = ReunionFactory(comite=comite or monde.comite)
    kwargs.setdefault("pour", 5)
    return resolution(reunion, par=kwargs.pop("par", monde.coordination), numero="CC-2024-01", **kwargs)


def test_approbation_notifiee_a_la_coordination(monde, django_capture_on_commit_callbacks):
    r = _resolution(monde)
    with django_capture_on_commit_callbacks(execute=True):
        plan = actions.approuver(monde.plan, resolution=r)
    assert (plan.statut, plan.adopte_par, plan.adopte_resolution) == ("approuve", monde.comite, "CC-2024-01")
    assert plan.adopte_seance == r.seance and plan.adopte_le == timezone.localdate(r.date)
    assert [m.to for m in mail.outbox] == [[monde.coordination.email]]
    assert "approuvé" in mail.outbox[0].subject and monde.comite.nom in mail.outbox[0].body
    h = plan.history.first()
    assert (h.history_user, h.statut) == (monde.coordination, "approuve")
    with pytest.raises(ActionRefusee, match="Ce plan est déjà approuvé."):
        actions.approuver(plan, resolution=_resolution(monde))


def test_approbation_gardee(monde):
    """Only a séance's résolution of the comité that adopts the créneau's plans, adopting it."""
    avant = etat()
    for r, message in [
        ({"comite": monde.comite, "adopte_le": "2001-01-01"}, "Cette décision appartient au comité"),
        (_resolution(monde, ComiteFactory(creneau=monde.autre)), "Ce comité n'adopte pas le plan d'action de ce créneau."),
        (_resolution(monde, pour=1, contre=4), "La résolution CC-2024-01 n'adopte pas ce plan."),
    ]:
        with pytest.raises(ActionRefusee, match=message):
            actions.approuver(monde.plan, resolution=r)
    assert etat() == avant and not mail.outbox


def test_une_action_se_lie_aux_priorites_des_regions_du_creneau(db):
    from plans import actions as verbes
    from tests.factories import CoordinationFactory, ObjectifFactory, PrioriteRegionaleFactory, region

    objectif = ObjectifFactory(axe__plan__creneau__region_porteuse=region("17"))
    dr = CoordinationFactory(creneau=objectif.axe.plan.creneau).personne.user
    ici = PrioriteRegionaleFactory(region=region("17"), numero=91, titre="Croissance des entreprises")
    ailleurs = PrioriteRegionaleFactory(region=region("01"), numero=92, titre="Ailleurs")
    donnees = {"numero": 9, "titre": "Veille", "priorites": [ailleurs]}
    with pytest.raises(ActionRefusee) as refus:
        verbes.ajouter_element(objectif, par=dr, donnees=donnees)
    assert refus.value.champ == "priorites" and not objectif.actions.exists()
    action = verbes.ajouter_element(objectif, par=dr, donnees={**donnees, "priorites": [ici]})
    assert list(action.priorites.all()) == [ici]
