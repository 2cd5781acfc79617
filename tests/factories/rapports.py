"""Minimal project-side factories for the report tests (distinct names from the projets app's)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projets.models import Decision, Depense, Enveloppe, Financement, Programme, Projet, Statut, Versement
from tests.factories.comptes import UserFactory
from tests.factories.creneaux import CreneauFactory, OrganisationFactory
from tests.factories.regions import RegionFactory

__all__ = [
    "ProgrammeRapportFactory",
    "EnveloppeRapportFactory",
    "ProjetRapportFactory",
    "DepenseRapportFactory",
    "FinancementRapportFactory",
    "DecisionRapportFactory",
    "VersementRapportFactory",
]


class ProgrammeRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("sigle",)

    sigle = "FSDCE"
    nom = "Fonds de soutien au développement des créneaux d'excellence"
    ouverture = datetime.date(2005, 4, 1)


class EnveloppeRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enveloppe
        django_get_or_create = ("programme", "region")

    programme = factory.SubFactory(ProgrammeRapportFactory)
    region = factory.SubFactory(RegionFactory)
    montant = Decimal("4000000.00")


class ProjetRapportFactory(factory.django.DjangoModelFactory):
    """A project in any state (`statut=`), with `demande=` euros asked from the programme."""

    class Meta:
        model = Projet
        skip_postgeneration_save = True

    numero = factory.Sequence(lambda n: f"2026-27-R-{n:04d}")
    titre = factory.Sequence(lambda n: f"Projet structurant {n}")
    creneau = factory.SubFactory(CreneauFactory)
    programme = factory.SubFactory(ProgrammeRapportFactory)
    porteur = factory.SubFactory(OrganisationFactory)
    enjeu = "innovation"
    exercice = 2026
    statut = Statut.MINISTERE
    soumis_le = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))

    @factory.post_generation
    def demande(self, create, extracted, **kwargs):
        if create and extracted is not None:
            FinancementRapportFactory(projet=self, montant=extracted)


class DepenseRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Depense

    projet = factory.SubFactory(ProjetRapportFactory)
    categorie = Depense.Categorie.HONORAIRES
    description = "Honoraires de l'agent de projet"
    montant = Decimal("50000.00")


class FinancementRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financement

    projet = factory.SubFactory(ProjetRapportFactory)
    source = Financement.Source.FSDCE
    montant = Decimal("25000.00")
    confirme = True


class DecisionRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    projet = factory.SubFactory(ProjetRapportFactory)
    etape = Decision.Etape.DECISION_MINISTERE
    de_statut = Statut.MINISTERE
    vers_statut = Statut.ACCEPTE
    auteur = factory.SubFactory(UserFactory)


class VersementRapportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Versement

    projet = factory.SubFactory(ProjetRapportFactory)
    date = factory.LazyFunction(timezone.localdate)
    montant = Decimal("10000.00")
