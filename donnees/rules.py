"""Open data are public (docs/donnees.md)."""

from creneaux.roles import regle
from noyau.permissions import OUI


@regle("donnees.consulter", public=True)
def consulter(user, obj, roles):
    """The open data page, each dataset and the Data Package: anyone, with no log-in (what they
    hold is chosen by donnees.jeux: never a person, never a project not yet decided)."""
    return OUI
