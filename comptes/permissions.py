"""Permission rules that say why (DESIGN §4).

Each app declares its rules once, in its own `rules.py`, with `@regle("app.action")`: a function
`(user, obj) -> Verdict`. The same rule is registered with django-rules, so views
(`PermissionRequiredMixin`), templates (`{% verdict %}` / `{% has_perm %}`), `user.has_perm()` and
tests all ask the one rule, and a page can show the reason an action is not offered.
"""

from dataclasses import dataclass

import rules
from django.utils.translation import gettext_lazy as _

from comptes.roles import roles_de

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


def regle(nom):
    """Declare rule `nom`; the function receives (user, obj, roles) and returns a Verdict."""

    def deco(fn):
        def verdict(user, obj=None) -> Verdict:
            return fn(user, obj, roles_de(user))

        _REGLES[nom] = verdict
        rules.add_perm(nom, rules.predicate(lambda user, obj=None: verdict(user, obj).ok, name=nom))
        return verdict

    return deco


def verifier(nom, user, obj=None) -> Verdict:
    """Ask rule `nom` about `user` on `obj`: a Verdict with the reason when refused."""
    return _REGLES[nom](user, obj)


def regles_declarees():
    return sorted(_REGLES)
