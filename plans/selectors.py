"""What other layers read about plans: which comité adopts a créneau's plan, and the reverse."""

from creneaux.models import Comite
from plans.models import PlanAction


def comites_adoptants(creneau):
    """The comité that adopts the plan: the comité interrégional of an interregional créneau,
    otherwise its comité de créneau (docs/domaine.md)."""
    type_ = Comite.Type.INTERREGIONAL if creneau.interregional else Comite.Type.CRENEAU
    return Comite.objects.filter(creneau=creneau, type=type_)


def plans_adoptables_par(comite):
    """The plans not yet approved that `comite` adopts — the rule of comites_adoptants, read the
    other way round, in one query (for the agenda of a séance)."""
    if comite.type not in (Comite.Type.CRENEAU, Comite.Type.INTERREGIONAL) or not comite.creneau_id:
        return PlanAction.objects.none()
    # Each option is named after its créneau (PlanAction.__str__): read with it.
    qs = (
        PlanAction.objects.filter(creneau_id=comite.creneau_id)
        .exclude(statut=PlanAction.Statut.APPROUVE)
        .select_related("creneau")
    )
    if comite.type == Comite.Type.INTERREGIONAL:
        return qs.filter(creneau__autres_regions__isnull=False).distinct()
    return qs.filter(creneau__autres_regions__isnull=True)
