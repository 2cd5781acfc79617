"""A personal API token of the central Ministère demo log-in (« ministere »), with a fixed value
derived from the public demo password (like the demo TOTP keys): the README's API examples use
it. Real tokens are random and made on the account page (api.actions.creer_jeton)."""

import hashlib

from api.models import PREFIXE, JetonAPI, empreinte
from demo.comptes import MOT_DE_PASSE_DEMO, comptes_demo

JETON_DEMO = PREFIXE + "demo_" + hashlib.sha256(f"{MOT_DE_PASSE_DEMO}:api".encode()).hexdigest()[:32]


def charger(echelle=1, sortie=None):
    user = comptes_demo()["ministere"]
    JetonAPI.objects.get_or_create(
        empreinte=empreinte(JETON_DEMO),
        defaults={"user": user, "nom": "Démonstration", "debut": JETON_DEMO[: len(PREFIXE) + 4]},
    )
    if sortie is not None:
        sortie.write(f"Jeton d'API de démonstration (ministere) : {JETON_DEMO}\n")
    return []
