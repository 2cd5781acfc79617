"""Permission rules that say why (docs/permissions.md).

Each app declares its rules once, in its own `rules.py` (found at start-up by noyau's AppConfig),
with `@regle("app.action")` from `creneaux.roles`: a function `(user, obj, roles) -> Verdict`.
Views (`noyau.views`), templates (`{% verdict %}`), verbs (`noyau.actions.exiger`) and tests all
ask the one rule through `verifier`, so a page can show the reason an action is not offered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_REGLES = {}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    raison: str = ""

    def __bool__(self):
        return self.ok


OUI = Verdict(True)


def non(raison) -> Verdict:
    return Verdict(False, str(raison))


CONNEXION_REQUISE = _("Connectez-vous pour accéder à cette action.")


def enregistrer(nom, verdict):
    """Register rule `nom`: `verdict(user, obj=None, *, frais=False) -> Verdict`."""
    _REGLES[nom] = verdict
    return verdict


def verifier(nom, user, obj=None, *, frais=False) -> Verdict:
    """Ask rule `nom` about `user` on `obj`: a Verdict with the reason when refused. With `frais`
    (a verb deciding), the user's roles are read from the database, not from the cache."""
    return _REGLES[nom](user, obj, frais=frais)
