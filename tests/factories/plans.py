import datetime

import factory

from plans.models import Action, Axe, Objectif, PlanAction
from tests.factories.creneaux import CreneauFactory

__all__ = ["PlanActionFactory", "AxeFactory", "ObjectifFactory", "ActionPlanFactory"]


class PlanActionFactory(factory.django.DjangoModelFactory):
    """A five-year plan in preparation covering the exercices 2024-2025 to 2028-2029."""

    class Meta:
        model = PlanAction

    creneau = factory.SubFactory(CreneauFactory)
    debut = datetime.date(2024, 4, 1)
    fin = datetime.date(2029, 3, 31)
    vision = "Faire du créneau un leader nord-américain de son secteur."
    mission = "Mobiliser les entreprises autour d'une stratégie commune."


class AxeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axe

    plan = factory.SubFactory(PlanActionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Iterator(["Main-d'œuvre", "Innovation", "Marchés"])


class ObjectifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objectif

    axe = factory.SubFactory(AxeFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = "Accroître la productivité des entreprises"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objectif = factory.SubFactory(ObjectifFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Action {n}")
    responsable = "Coordination"
    echeance = datetime.date(2027, 3, 31)
    indicateur = "Nombre d'entreprises accompagnées"
    valeur_depart = 0
    cible = 20
