"""The home page is everyone's: its « À traiter » and séances are the user's own."""

from creneaux.roles import regle
from noyau.permissions import OUI


@regle("portail.accueil", public=True)
def accueil(user, obj, roles):
    """Anyone: an anonymous visitor sees the way in, a user what they have to do."""
    return OUI
