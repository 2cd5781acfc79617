"""The three questions a créneau's verbs ask the upper layers, in one place.

creneaux may not import plans or projets (layers, see pyproject.toml), yet its verbs depend on
them: a créneau is recognised only with an adopted plan d'action (plans), a merged or withdrawn
créneau settles its open projects (projets), and an organisation used by another créneau's open
project keeps its type and NEQ (projets). Each upper app registers its answer once, from its
AppConfig.ready(), with the named function below; creneaux.actions asks through the functions at
the bottom. Each hook has exactly one answer: a second, different registration is refused, and a
question asked before registration fails loudly rather than answering « nothing to check ».

    hook                   answer (registered by its app)                  asked by creneaux.actions
    reconnaissance         plans.models.plan_adopte_pour_reconnaissance    reconnaitre
    fin de créneau         projets.actions.FinDeCreneau                    fusionner, retirer
    organisation utilisée  projets.actions.creneaux_utilisant              the organisation verbs
"""

import datetime
from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class ConditionDeReconnaissance(Protocol):
    def __call__(self, creneau, jour: datetime.date) -> str:
        """A refusal message if `creneau` may not be recognised on `jour`, else ""."""


class FinDeCreneau(Protocol):
    def ouverts(self, creneau) -> list[tuple[str, str]]:
        """[(key, label)] of what stays open on the créneau, each to settle by an explicit choice."""

    def regler(self, creneau, *, par, dans, choix: dict[str, str], motif: str, date: datetime.date) -> None:
        """Transfer each open item to `dans` or withdraw it (per `choix`), by its own verbs, inside
        the créneau verb's transaction."""


class OrganisationUtilisee(Protocol):
    def __call__(self, organisation) -> Iterable[int]:
        """Ids of the créneaux whose open projects use `organisation`."""


_crochets: dict[str, object] = {}


def _enregistrer(nom, reponse):
    deja = _crochets.get(nom)
    # AppConfig.ready() may run again (Django allows it): the same answer is then a no-op.
    if deja is not None and deja is not reponse:
        raise ImproperlyConfigured(f"Crochet « {nom} » déjà enregistré ({deja!r}) : une seule réponse par crochet.")
    _crochets[nom] = reponse


def _reponse(nom):
    try:
        return _crochets[nom]
    except KeyError:
        raise ImproperlyConfigured(f"Crochet « {nom} » non enregistré : son application n'est pas prête.") from None


def enregistrer_reconnaissance(condition: ConditionDeReconnaissance) -> None:
    _enregistrer("reconnaissance", condition)


def enregistrer_fin_de_creneau(fin: FinDeCreneau) -> None:
    _enregistrer("fin de créneau", fin)


def enregistrer_organisation_utilisee(utilisee: OrganisationUtilisee) -> None:
    _enregistrer("organisation utilisée", utilisee)


def refus_de_reconnaissance(creneau, jour) -> str:
    condition: ConditionDeReconnaissance = _reponse("reconnaissance")
    return condition(creneau, jour)


def dossiers_ouverts(creneau) -> list[tuple[str, str]]:
    fin: FinDeCreneau = _reponse("fin de créneau")
    return fin.ouverts(creneau)


def regler_dossiers(creneau, *, par, dans, choix, motif, date) -> None:
    fin: FinDeCreneau = _reponse("fin de créneau")
    fin.regler(creneau, par=par, dans=dans, choix=choix, motif=motif, date=date)


def creneaux_utilisant(organisation) -> set[int]:
    utilisee: OrganisationUtilisee = _reponse("organisation utilisée")
    return set(utilisee(organisation))
