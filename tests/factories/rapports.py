"""Factories of the report tests: a project with just the aid requested, its decisions, its payments."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projets.models import Decision, Financement, Projet, Statut, Versement
from tests.factories.comptes import UserFactory
from tests.factories.creneaux import CreneauFactory, OrganisationFactory
from tests.factories.projets import FinancementFactory, fsdce

__all__ = ["ProjetRapportFactory", "DecisionRapportFactory", "VersementRapportFactory"]


class ProjetRapportFactory(factory.django.DjangoModelFactory):
    """A numbered project in any state (`statut=`), whose only budget line is `demande=` $ asked
    from the programme (ProjetFactory's default budget would blur the report totals)."""

    class Meta:
        model = Projet
        skip_postgeneration_save = True

    numero = factory.Sequence(lambda n: f"2026-27-R-{n:04d}")
    titre = factory.Sequence(lambda n: f"Projet structurant {n}")
    creneau = factory.SubFactory(CreneauFactory)
    programme = factory.LazyFunction(fsdce)
    porteur = factory.SubFactory(OrganisationFactory)
    enjeu = "innovation"
    exercice = 2026
    statut = Statut.MINISTERE
    soumis_le = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))

    @factory.post_generation
    def demande(self, create, extracted, **kwargs):
        if create and extracted is not None:
            FinancementFactory(projet=self, source=Financement.Source.FSDCE, montant=extracted)


class DecisionRapportFactory(factory.django.DjangoModelFactory):
    """The Ministère's decision by default."""

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
