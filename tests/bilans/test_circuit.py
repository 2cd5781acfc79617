"""Brouillon → soumis → à réviser / accepté: each step guarded, recorded, e-mailed; accepted is frozen."""

import pytest
from django.core import mail

from bilans import actions
from bilans.models import EtapeBilan, Statut
from tests.bilans.conftest import EXERCICE
from tests.factories import DecisionBilanFactory

from .test_preremplissage import heure, projet, valeurs


@pytest.fixture
def bilan(monde):
    b = actions.ouvrir(monde.coordination, monde.creneau, EXERCICE)
    b.faits_saillants = "Une année de relance des exportations."
    b.save()
    return b


def test_circuit_complet_historise_et_notifie(monde, bilan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.soumettre(monde.coordination, bilan)
    assert mail.outbox[-1].to == [monde.dr.email]
    assert "soumis" in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        actions.renvoyer(monde.dr, bilan, "Précisez les retombées du colloque.")
    assert mail.outbox[-1].to == [monde.coordination.email]
    assert "Précisez les retombées du colloque." in mail.outbox[-1].body

    actions.soumettre(monde.coordination, bilan)
    with django_capture_on_commit_callbacks(execute=True):
        bilan = actions.accepter(monde.dr, bilan)
    assert bilan.statut == Statut.ACCEPTE
    assert "accepté" in mail.outbox[-1].subject
    etapes = list(bilan.etapes.values_list("type", "de_statut", "vers_statut", "auteur"))
    assert etapes == [
        ("ouverture", "", "brouillon", monde.coordination.pk),
        ("soumission", "brouillon", "soumis", monde.coordination.pk),
        ("renvoi", "soumis", "a_reviser", monde.dr.pk),
        ("soumission", "a_reviser", "soumis", monde.coordination.pk),
        ("acceptation", "soumis", "accepte", monde.dr.pk),
    ]
    assert bilan.etapes.get(type="renvoi").commentaire == "Précisez les retombées du colloque."


def test_soumission_exige_les_faits_saillants(monde):
    b = actions.ouvrir(monde.coordination, monde.creneau, EXERCICE)
    with pytest.raises(actions.ActionRefuseeError, match="faits saillants"):
        actions.soumettre(monde.coordination, b)


@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_soumission_refusee_hors_coordination(monde, bilan, qui):
    with pytest.raises(actions.ActionRefuseeError):
        actions.soumettre(getattr(monde, qui), bilan)
    bilan.refresh_from_db()
    assert bilan.statut == Statut.BROUILLON


@pytest.mark.parametrize("qui", ["coordination", "central", "dr_autre_region", "membre"])
def test_validation_reservee_a_la_direction_regionale(monde, bilan, qui):
    actions.soumettre(monde.coordination, bilan)
    for verbe in (actions.accepter, lambda u, b: actions.renvoyer(u, b, "Non")):
        with pytest.raises(actions.ActionRefuseeError):
            verbe(getattr(monde, qui), bilan)
    bilan.refresh_from_db()
    assert bilan.statut == Statut.SOUMIS


def test_renvoi_sans_commentaire_refuse(monde, bilan):
    actions.soumettre(monde.coordination, bilan)
    with pytest.raises(actions.ActionRefuseeError, match="réviser"):
        actions.renvoyer(monde.dr, bilan, "  ")


def test_pas_de_validation_d_un_brouillon_ni_double_soumission(monde, bilan):
    with pytest.raises(actions.ActionRefuseeError, match="soumis"):
        actions.accepter(monde.dr, bilan)
    actions.soumettre(monde.coordination, bilan)
    with pytest.raises(actions.ActionRefuseeError, match="attend la décision"):
        actions.soumettre(monde.coordination, bilan)
    assert bilan.etapes.filter(type=EtapeBilan.Type.SOUMISSION).count() == 1


def test_bilan_accepte_fige(monde, bilan):
    actions.soumettre(monde.coordination, bilan)
    bilan = actions.accepter(monde.dr, bilan)
    assert bilan.instantane["faits_saillants"] == "Une année de relance des exportations."
    avant = {i["code"] + i["detail"]: i["valeur_calculee"] for i in bilan.instantane["indicateurs"]}
    assert avant["projets-acceptes"] == "0.00"
    # A project accepted later in the exercice does not alter the accepted bilan.
    DecisionBilanFactory(projet=projet(creneau=monde.creneau), horodatage=heure(2026, 1, 10, 9))
    with pytest.raises(actions.ActionRefuseeError, match="figé"):
        actions.recalculer(monde.coordination, bilan)
    assert valeurs(bilan, "projets-acceptes")[""].valeur_calculee == 0


def test_etape_ne_se_modifie_pas(monde, bilan):
    etape = bilan.etapes.get()
    etape.commentaire = "réécrit"
    with pytest.raises(Exception, match="ne se modifie pas"):
        etape.save()
