"""Bilans test data, with minimal project / partnership factories of their own (distinct names)."""

import datetime

import factory
from django.utils import timezone

from creneaux.models import Collaboration, PartenariatInternational
from projets.models import Decision, Depense, Programme, Projet, Statut
from tests.factories.comptes import UserFactory
from tests.factories.creneaux import CreneauFactory

__all__ = [
    "ProgrammeBilanFactory",
    "ProjetBilanFactory",
    "DepenseBilanFactory",
    "DecisionBilanFactory",
    "PartenariatBilanFactory",
    "CollaborationBilanFactory",
]


class ProgrammeBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("sigle",)

    sigle = "FSDCE"
    nom = "Fonds de soutien au développement des créneaux d'excellence"
    ouverture = datetime.date(2005, 4, 1)


class ProjetBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Projet

    titre = factory.Sequence(lambda n: f"Projet {n}")
    creneau = factory.SubFactory(CreneauFactory)
    programme = factory.SubFactory(ProgrammeBilanFactory)
    statut = Statut.COMITE_CRENEAU
    soumis_le = factory.LazyFunction(timezone.now)


class DepenseBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Depense

    projet = factory.SubFactory(ProjetBilanFactory)
    categorie = Depense.Categorie.HONORAIRES
    montant = 10000


class DecisionBilanFactory(factory.django.DjangoModelFactory):
    """The Ministère's acceptance by default."""

    class Meta:
        model = Decision

    projet = factory.SubFactory(ProjetBilanFactory)
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
