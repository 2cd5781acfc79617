"""Who reads and who records a créneau's activities."""

from django.utils.translation import gettext_lazy as _

from creneaux.roles import regle
from creneaux.rules import voir_fiche
from noyau.permissions import OUI, non


@regle("activites.voir", public=True)
def voir(user, creneau, roles):
    """As public as the créneau's fiche."""
    return voir_fiche(user, creneau)


@regle("activites.enregistrer")
def enregistrer(user, creneau, roles):
    """The créneau's coordination records its activities (never a merged or withdrawn créneau's)."""
    if creneau.termine:
        return non(
            _("Ce créneau est %(statut)s : ses activités se consultent, elles ne se modifient plus.")
            % {"statut": creneau.get_statut_display().lower()}
        )
    if creneau.pk in roles.coordination:
        return OUI
    return non(_("Seule la coordination du créneau inscrit ses activités."))
