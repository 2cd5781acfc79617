"""« À traiter »: what waits for a user, gathered from every app.

Apps register a provider in their AppConfig.ready(): `enregistrer(fonction)`, where
`fonction(user) -> list[Tache]`. The home page merges them, oldest first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

_FOURNISSEURS = []


@dataclass(frozen=True)
class Tache:
    titre: str
    url: str
    quoi: str  # what is expected, e.g. "Adopter la résolution"
    depuis: datetime  # since when it waits
    contexte: str = ""  # créneau / region

    @property
    def attente(self):
        return timezone.now() - self.depuis


def enregistrer(fournisseur):
    if fournisseur not in _FOURNISSEURS:
        _FOURNISSEURS.append(fournisseur)
    return fournisseur


def taches_de(user) -> list[Tache]:
    if not user.is_authenticated:
        return []
    taches = [t for f in _FOURNISSEURS for t in f(user)]
    return sorted(taches, key=lambda t: t.depuis)
