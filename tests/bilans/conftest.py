"""A créneau of Centre-du-Québec with its coordination, comités and plan; the Ministère; outsiders."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from bilans import actions
from creneaux.models import Comite, Mandat
from tests.factories import (
    ActionPlanFactory,
    AffectationMinistereFactory,
    ComiteFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    RegionFactory,
    UserFactory,
)

EXERCICE = 2025  # 1 April 2025 – 31 March 2026: finished on the suite's calendar (Nov. 2026 and later)


@pytest.fixture
def monde(db):
    centre = RegionFactory(code="17")
    creneau = CreneauFactory(nom="Meuble", slug="meuble", region_porteuse=centre)
    comite = ComiteFactory(creneau=creneau, nom="Comité de créneau Meuble")
    coordination = CoordinationFactory(creneau=creneau).personne.user
    membre = MandatFactory(comite=comite, personne=PersonneFactory(avec_compte=True)).personne.user
    action = ActionPlanFactory(objectif__axe__plan__creneau=creneau, titre="Former 40 opérateurs CNC")
    autre = CreneauFactory(nom="Aliments santé", slug="aliments", region_porteuse=RegionFactory(code="03"))
    return SimpleNamespace(
        creneau=creneau,
        comite=comite,
        plan=action.objectif.axe.plan,
        action=action,
        coordination=coordination,
        membre=membre,
        dr=AffectationMinistereFactory(region=centre).user,
        dr_autre_region=AffectationMinistereFactory(region=RegionFactory(code="03")).user,
        central=AffectationMinistereFactory(niveau="central", region=None).user,
        coordination_autre=CoordinationFactory(creneau=autre).personne.user,
        autre=autre,
        sans_role=UserFactory(),
    )


def mandat(comite, college=Mandat.College.AFFAIRES, **kwargs):
    return MandatFactory(comite=comite, college=college, **kwargs)


def comite_executif(creneau, parent):
    return ComiteFactory(creneau=creneau, type=Comite.Type.EXECUTIF, parent=parent, nom="Comité exécutif")


def completer_indicateurs(bilan, par, valeur=0):
    """Type `valeur` for every required manual indicator still empty (what submission requires)."""
    manquants = actions.indicateurs_manquants(bilan)
    return actions.enregistrer_indicateurs(bilan, par=par, valeurs={v.pk: {"valeur_saisie": Decimal(valeur)} for v in manquants})


def pret_a_soumettre(bilan, par, faits_saillants="Faits"):
    """A draft with its faits saillants written and its required indicators typed."""
    bilan = actions.enregistrer_sections(bilan, par=par, faits_saillants=faits_saillants)
    return completer_indicateurs(bilan, par)
