"""What a logged-in user's roles reach, for the home page (three queries at most)."""

from django import template

from creneaux.models import Comite, Creneau
from regions.models import Region

register = template.Library()


@register.simple_tag
def portee(roles):
    """{% portee roles as p %} → p.creneaux, p.comites, p.regions (each [] when the role is absent)."""
    ids_creneaux = roles.coordination | roles.creneaux_membre | roles.resolution
    ids_regions = roles.directions_regionales | roles.comite_regional | roles.regions_membre
    return {
        "creneaux": list(Creneau.objects.filter(pk__in=ids_creneaux).select_related("region_porteuse")) if ids_creneaux else [],
        "comites": list(Comite.objects.filter(pk__in=roles.comites).select_related("creneau", "region")) if roles.comites else [],
        "regions": list(Region.objects.filter(pk__in=ids_regions)) if ids_regions else [],
        "coordination": roles.coordination,
    }
