"""Log-in events: start the session clocks, bring back the account's language, record failures
and lockouts for administrators."""

import time

from comptes.double_facteur import CLE_EXIGE, doit_verifier
from comptes.middleware import LANGUE_CONNEXION, debuter_session
from comptes.models import EvenementSecurite, langue_de
from comptes.securite import journaliser


def connexion(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    debuter_session(request)
    request.session[CLE_EXIGE] = [doit_verifier(user), time.time()]


def langue(sender, request, user, **kwargs):
    """Whatever the log-in page (the portal's, the admin's), the language the user chose before
    applies again: comptes.middleware.LangueConnexionMiddleware writes it to the response."""
    if request is not None:
        setattr(request, LANGUE_CONNEXION, langue_de(user))


def connexion_echouee(sender, credentials, request=None, **kwargs):
    journaliser(EvenementSecurite.Type.CONNEXION_ECHOUEE, request, identifiant=credentials.get("username", ""))


def verrouillage(sender, request, username=None, ip_address=None, **kwargs):
    journaliser(EvenementSecurite.Type.VERROUILLAGE, request, identifiant=username or "")
