"""An item of « À traiter »: something that waits for a user (built by each app's selectors)."""

from dataclasses import dataclass, field
from datetime import datetime

from noyau.horloge import maintenant


@dataclass(frozen=True)
class Tache:
    titre: str
    url: str
    quoi: str  # what is expected, e.g. "Adopter la résolution"
    depuis: datetime  # since when it waits
    contexte: str = ""  # créneau / region
    # Kind of item, a stable key the home page groups and filters by (e.g. "projets_decider",
    # "bilans", "mandats"); empty: the page files it under its provider's kind. Both are filing
    # information, left out of comparisons: the same item is equal however it was filed.
    genre: str = field(default="", compare=False)
    # Name of the region the item belongs to (the Ministère's items are grouped by region).
    region: str = field(default="", compare=False)

    @property
    def attente(self):
        return maintenant() - self.depuis
