"""Two créneaux of two regions, each with projects at every stage, séances, bilans; personal
API tokens for their people."""

from dataclasses import dataclass

import pytest

from api import actions
from api.rules import EtatConnexion
from bilans.models import BilanAnnuel
from creneaux.models import Creneau
from projets.models import Statut
from tests.factories import ComiteFactory, CreneauFactory, circuit

ETATS = [
    Statut.BROUILLON,
    Statut.COMITE_CRENEAU,
    Statut.COMITE_REGIONAL,
    Statut.MINISTERE,
    Statut.ACCEPTE,
    Statut.EN_REALISATION,
    Statut.REFUSE_CRENEAU,
]


@dataclass
class Monde:
    a: object
    b: object
    projets_a: dict
    projets_b: dict
    potentiel: object


@pytest.fixture
def monde():
    a = circuit("17")
    b = circuit("04", voisin=a)
    projets_a = {etat: a.projet(statut=etat, titre=f"A {etat}") for etat in ETATS}
    projets_b = {etat: b.projet(statut=etat, titre=f"B {etat}") for etat in ETATS}
    BilanAnnuel.objects.create(creneau=a.creneau, exercice=2025)
    BilanAnnuel.objects.create(creneau=b.creneau, exercice=2025, statut="soumis")
    potentiel = CreneauFactory(statut=Creneau.Statut.POTENTIEL, region_porteuse=b.creneau.region_porteuse)
    ComiteFactory(creneau=potentiel)
    return Monde(a, b, projets_a, projets_b, potentiel)


def jeton_de(user):
    """A personal token of `user`, as its account page makes it (second factor given)."""
    return actions.creer_jeton(par=user, nom="Tests", connexion=EtatConnexion(exige=False, verifiee=True))[1]


def entete(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {jeton_de(user)}"}
