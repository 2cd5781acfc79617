"""The accepted projects of a créneau on its public fiche: the same rows as the open data."""

from django import template

from projets.selectors import publics

register = template.Library()

# The fiche lists at most this many projects (the newest numbers); the CSV has them all.
MAX_FICHE = 50


@register.inclusion_tag("donnees/_projets_creneau.html")
def projets_acceptes(creneau):
    projets = list(publics().filter(creneau=creneau).order_by("-numero")[: MAX_FICHE + 1])
    return {"projets": projets[:MAX_FICHE], "tronque": len(projets) > MAX_FICHE, "creneau": creneau}
