"""What the séance page shows of its reschedulings and cancellation (one query)."""

from django import template

from seances.models import ChangementSeance

register = template.Library()


@register.simple_tag
def changements_de(seance):
    return list(ChangementSeance.objects.filter(seance=seance).select_related("par").order_by("horodatage", "pk"))
