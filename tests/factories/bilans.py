"""Bilans test data: decisions, partnerships and collaborations (distinct names from other apps')."""

import datetime

import factory
from django.utils import timezone

from creneaux.models import Collaboration, PartenariatInternational
from projets.models import Decision, Statut
from tests.factories.comptes import UserFactory
from tests.factories.creneaux import CreneauFactory
from tests.factories.projets import ProjetFactory

__all__ = [
    "DecisionBilanFactory",
    "PartenariatBilanFactory",
    "CollaborationBilanFactory",
]


class DecisionBilanFactory(factory.django.DjangoModelFactory):
    """The Ministère's acceptance by default."""

    class Meta:
        model = Decision

    projet = factory.SubFactory(ProjetFactory, budget=False)
    etape = Decision.Etape.DECISION_MINISTERE
    de_statut = Statut.MINISTERE
    vers_statut = Statut.ACCEPTE
    auteur = factory.SubFactory(UserFactory)
    horodatage = factory.LazyFunction(timezone.now)


class PartenariatBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartenariatInternational

    creneau = factory.SubFactory(CreneauFactory)
    partenaire = factory.Sequence(lambda n: f"Pôle {n}")
    pays = "France"
    type = PartenariatInternational.Type.POLE
    maturite = PartenariatInternational.Maturite.DEMARRAGE


class CollaborationBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaboration

    titre = factory.Sequence(lambda n: f"Collaboration {n}")
    debut = datetime.date(2020, 1, 1)

    @factory.post_generation
    def creneaux(self, create, extracted, **kwargs):
        if create and extracted:
            self.creneaux.set(extracted)
