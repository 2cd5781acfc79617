"""Log-in events: start the session clocks, record failures and lockouts for administrators."""

import time

from comptes.double_facteur import CLE_EXIGE, doit_verifier
from comptes.middleware import debuter_session
from comptes.models import EvenementSecurite
from comptes.securite import journaliser


def connexion(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    debuter_session(request)
    request.session[CLE_EXIGE] = [doit_verifier(user), time.time()]


def connexion_echouee(sender, credentials, request=None, **kwargs):
    journaliser(EvenementSecurite.Type.CONNEXION_ECHOUEE, request, identifiant=credentials.get("username", ""))


def verrouillage(sender, request, username=None, ip_address=None, **kwargs):
    journaliser(EvenementSecurite.Type.VERROUILLAGE, request, identifiant=username or "")
