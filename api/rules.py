"""Who may make and revoke personal API tokens."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from creneaux.roles import regle
from noyau.permissions import OUI, non


@dataclass(frozen=True)
class EtatConnexion:
    """Whether the account must give a second factor, and whether this session gave it."""

    exige: bool
    verifiee: bool


SECOND_FACTEUR_REQUIS = _("Donnez d'abord votre second facteur d'authentification : il est obligatoire pour votre rôle.")


@regle("api.creer_jeton")
def creer_jeton(user, connexion, roles):
    """Any account; one that must use a second factor (Ministère, staff) only in a session
    where it gave it. `connexion`: an EtatConnexion (api.views.etat_connexion)."""
    if connexion is not None and connexion.exige and not connexion.verifiee:
        return non(SECOND_FACTEUR_REQUIS)
    return OUI


@regle("api.revoquer_jeton")
def revoquer_jeton(user, jeton, roles):
    if jeton.user_id == user.pk:
        return OUI
    return non(_("Ce jeton n'est pas le vôtre."))


@regle("api.gerer_jetons")
def gerer_jetons(user, obj, roles):
    """The page of one's own API tokens (list, revoke): any logged-in account, on its own tokens."""
    return OUI
