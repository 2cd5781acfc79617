"""« À traiter »: what waits for a user, gathered from every app (portail sits on top of them)."""

from bilans.taches import taches_bilans
from creneaux.taches import taches_collaborations, taches_mandats
from noyau.taches import Tache
from projets.selectors import a_traiter as taches_projets

FOURNISSEURS = (taches_projets, taches_bilans, taches_collaborations, taches_mandats)


def taches_de(user) -> list[Tache]:
    if not user.is_authenticated:
        return []
    taches = [t for f in FOURNISSEURS for t in f(user)]
    return sorted(taches, key=lambda t: t.depuis)
