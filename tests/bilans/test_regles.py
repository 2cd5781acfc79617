"""Every rule of bilans and plans, allowed for the right role and refused for the others."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bilans import actions
from bilans.models import Statut
from noyau.permissions import verifier
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import MandatFactory, PersonneFactory

TOUS = ["coordination", "membre", "dr", "central", "coordination_autre", "dr_autre_region", "sans_role", "anonyme"]


def qui(monde, nom):
    return AnonymousUser() if nom == "anonyme" else getattr(monde, nom)


def verdicts(monde, regle, obj):
    return {nom for nom in TOUS if verifier(regle, qui(monde, nom), obj).ok}


@pytest.fixture
def bilan(monde):
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    return pret_a_soumettre(b, monde.coordination)


def test_regles_du_brouillon(monde, bilan):
    assert verdicts(monde, "bilans.voir", bilan) == {"coordination", "membre", "dr", "central"}
    assert verdicts(monde, "bilans.voir", monde.creneau) == {"coordination", "membre", "dr", "central"}
    assert verdicts(monde, "bilans.ouvrir", monde.creneau) == {"coordination"}
    assert verdicts(monde, "bilans.modifier", bilan) == {"coordination"}
    assert verdicts(monde, "bilans.soumettre", bilan) == {"coordination"}
    assert verdicts(monde, "bilans.valider", bilan) == set()
    assert verdicts(monde, "bilans.suivi", None) == {"dr", "central", "dr_autre_region"}
    assert verdicts(monde, "bilans.mes_bilans", None) == {"coordination", "membre", "coordination_autre"}


def test_regles_selon_l_etat(monde, bilan):
    bilan = actions.soumettre(bilan, par=monde.coordination)
    assert verdicts(monde, "bilans.modifier", bilan) == set()
    assert verdicts(monde, "bilans.valider", bilan) == {"dr"}
    bilan = actions.renvoyer(bilan, par=monde.dr, commentaire="À compléter")
    assert verdicts(monde, "bilans.modifier", bilan) == {"coordination"}
    bilan = actions.accepter(actions.soumettre(bilan, par=monde.coordination), par=monde.dr)
    assert bilan.statut == Statut.ACCEPTE
    assert verdicts(monde, "bilans.modifier", bilan) == verdicts(monde, "bilans.valider", bilan) == set()
    assert verdicts(monde, "bilans.voir", bilan) == {"coordination", "membre", "dr", "central"}


def test_raisons_expliquees(monde, bilan):
    assert verifier("bilans.voir", AnonymousUser(), bilan).raison == "Connectez-vous pour accéder à cette action."
    assert "direction régionale de la région porteuse" in verifier("bilans.valider", monde.dr_autre_region, bilan).raison
    assert "Seul un bilan soumis" in verifier("bilans.valider", monde.dr, bilan).raison
    assert "réservé au Ministère" in verifier("bilans.suivi", monde.coordination).raison


def test_regles_du_plan(monde):
    for obj in (monde.plan, monde.action.objectif.axe, monde.action.objectif, monde.action, monde.creneau):
        assert verdicts(monde, "plans.voir", obj) == {"coordination", "membre", "dr", "central"}
        assert verdicts(monde, "plans.modifier", obj) == {"coordination"}
    secretaire = MandatFactory(comite=monde.comite, role="secretaire", personne=PersonneFactory(avec_compte=True)).personne.user
    assert not verifier("plans.modifier", secretaire, monde.plan).ok
