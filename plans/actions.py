"""State changes of a plan d'action: its approval (adoption by the créneau's comité)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creneaux.models import Comite
from noyau.permissions import verifier
from plans.models import PlanAction


class PlanRefuseError(Exception):
    """A refused step; its message (French) says why."""


def comites_adoptants(creneau):
    """The comité that adopts the plan: the comité interrégional of an interregional créneau,
    otherwise its comité de créneau (DESIGN §1)."""
    type_ = Comite.Type.INTERREGIONAL if creneau.interregional else Comite.Type.CRENEAU
    return Comite.objects.filter(creneau=creneau, type=type_)


def approuver(user, plan, comite, adopte_le):
    with transaction.atomic():
        plan = PlanAction.objects.select_for_update().select_related("creneau").get(pk=plan.pk)
        v = verifier("plans.approuver", user, plan)
        if not v.ok:
            raise PlanRefuseError(v.raison)
        if not comites_adoptants(plan.creneau).filter(pk=comite.pk).exists():
            raise PlanRefuseError(_("Ce comité n'adopte pas le plan d'action de ce créneau."))
        if adopte_le > timezone.localdate():
            raise PlanRefuseError(_("La date d'adoption ne peut pas être dans le futur."))
        plan.statut, plan.adopte_par, plan.adopte_le = PlanAction.Statut.APPROUVE, comite, adopte_le
        plan.save(update_fields=["statut", "adopte_par", "adopte_le"])
    return plan
