"""Who may import spreadsheets: the Ministère (the central office and the directions
régionales), after its second factor like every Ministère page. Each row is then checked against
the author's own entitlement (a direction régionale imports only its region's rows)."""

from django.utils.translation import gettext_lazy as _

from creneaux.roles import regle
from noyau.permissions import OUI, non


@regle("importations.importer")
def importer(user, obj, roles):
    if roles.ministere:
        return OUI
    return non(_("Seul le Ministère (bureau central ou direction régionale) importe des tableurs dans le portail."))


@regle("importations.voir")
def voir(user, importation, roles):
    """An import and its preview: the Ministère; a preview is confirmed only by its author."""
    if not roles.ministere:
        return non(_("Seul le Ministère (bureau central ou direction régionale) importe des tableurs dans le portail."))
    if importation is not None and importation.statut == importation.Statut.APERCU and importation.auteur_id != user.pk:
        return non(_("Cet aperçu est celui d'une autre personne : seule la personne qui a déposé le fichier le confirme."))
    return OUI
