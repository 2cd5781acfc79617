"""Queryset twin of the rule bilans.voir, for lists (the API)."""

from django.db.models import Q

from bilans.models import BilanAnnuel
from creneaux.roles import roles_de


def visibles(user):
    """Bilans `user` may read (rule bilans.voir): the créneau's coordination and comités' members,
    the Ministère (central, or the direction régionale of its region porteuse), the comité
    régional of that region, the administrator. One query."""
    roles = roles_de(user)
    qs = BilanAnnuel.objects.select_related("creneau__region_porteuse")
    if not roles.authentifie:
        return qs.none()
    if roles.central or roles.admin:
        return qs
    regions = roles.directions_regionales | roles.regions_membre | roles.comite_regional
    return qs.filter(Q(creneau__in=roles.coordination | roles.creneaux_membre) | Q(creneau__region_porteuse__in=regions))
