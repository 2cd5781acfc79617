"""Queryset twins of the créneaux rules, for lists (the API): each returns exactly the objects
its rule allows, in one query."""

from django.db.models import Q

from creneaux.models import Comite, Creneau
from creneaux.roles import roles_de


def comites_visibles(user):
    """Comités `user` may open (rule creneaux.voir_comite): a comité régional, or a comité of a
    créneau whose fiche is public, or of a potential créneau the user belongs to, coordinates or
    follows for the Ministère."""
    roles = roles_de(user)
    qs = Comite.objects.select_related("creneau__region_porteuse", "region")
    if roles.admin or roles.central:
        return qs
    return qs.filter(
        Q(creneau__isnull=True)
        | ~Q(creneau__statut=Creneau.Statut.POTENTIEL)
        | Q(creneau__in=roles.creneaux_membre | roles.coordination)
        | Q(creneau__region_porteuse__in=roles.directions_regionales)
    )
