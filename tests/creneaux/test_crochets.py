"""The créneau's verbs ask plans and projets through one registry (creneaux/crochets.py): each
upper app answered its question once at start-up, nobody answers it a second time, and a question
nobody answered fails loudly instead of skipping a check."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from creneaux import crochets
from plans.models import plan_adopte_pour_reconnaissance
from projets.actions import FinDeCreneau, creneaux_utilisant


def test_plans_et_projets_ont_chacun_enregistre_leur_reponse_au_demarrage():
    assert crochets._crochets == {
        "reconnaissance": plan_adopte_pour_reconnaissance,
        "fin de créneau": FinDeCreneau,
        "organisation utilisée": creneaux_utilisant,
    }


def test_une_seconde_reponse_a_un_crochet_est_refusee():
    avant = dict(crochets._crochets)
    with pytest.raises(ImproperlyConfigured, match="Crochet « reconnaissance » déjà enregistré"):
        crochets.enregistrer_reconnaissance(lambda creneau, jour: "")
    with pytest.raises(ImproperlyConfigured, match="Crochet « fin de créneau » déjà enregistré"):
        crochets.enregistrer_fin_de_creneau(object())
    with pytest.raises(ImproperlyConfigured, match="Crochet « organisation utilisée » déjà enregistré"):
        crochets.enregistrer_organisation_utilisee(lambda organisation: set())
    assert crochets._crochets == avant


def test_un_ready_rejoue_reenregistre_la_meme_reponse_sans_erreur():
    # Django may run AppConfig.ready() more than once (tests that reload apps).
    avant = dict(crochets._crochets)
    apps.get_app_config("plans").ready()
    apps.get_app_config("projets").ready()
    assert crochets._crochets == avant


def test_une_question_sans_reponse_echoue_au_lieu_de_ne_rien_verifier(monkeypatch):
    monkeypatch.setattr(crochets, "_crochets", {})
    with pytest.raises(ImproperlyConfigured, match="Crochet « reconnaissance » non enregistré"):
        crochets.refus_de_reconnaissance(creneau=None, jour=None)
