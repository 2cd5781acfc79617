"""An item of « À traiter »: something that waits for a user (built by each app's selectors)."""

from dataclasses import dataclass
from datetime import datetime

from noyau.horloge import maintenant


@dataclass(frozen=True)
class Tache:
    titre: str
    url: str
    quoi: str  # what is expected, e.g. "Adopter la résolution"
    depuis: datetime  # since when it waits
    contexte: str = ""  # créneau / region

    @property
    def attente(self):
        return maintenant() - self.depuis
