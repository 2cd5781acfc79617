"""Brouillon → soumis → à réviser / accepté: each step guarded, recorded, e-mailed; accepted is frozen."""

import pytest
from django.core import mail

from bilans import actions
from bilans.models import EtapeBilan, Statut
from comptes.models import Preferences
from noyau.actions import ActionRefusee
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import DecisionBilanFactory

from .test_preremplissage import heure, projet, valeurs


@pytest.fixture
def bilan(monde):
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    return pret_a_soumettre(b, monde.coordination, "Une année de relance des exportations.")


def test_circuit_complet_historise_et_notifie(monde, bilan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.soumettre(bilan, par=monde.coordination)
    assert mail.outbox[-1].to == [monde.dr.email]
    assert "soumis" in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        actions.renvoyer(bilan, par=monde.dr, commentaire="Précisez les retombées du colloque.")
    assert mail.outbox[-1].to == [monde.coordination.email]
    assert "Précisez les retombées du colloque." in mail.outbox[-1].body

    actions.soumettre(bilan, par=monde.coordination)
    with django_capture_on_commit_callbacks(execute=True):
        bilan = actions.accepter(bilan, par=monde.dr)
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
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    with pytest.raises(ActionRefusee, match="faits saillants"):
        actions.soumettre(b, par=monde.coordination)


@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_soumission_refusee_hors_coordination(monde, bilan, qui):
    with pytest.raises(ActionRefusee, match="Seule la coordination du créneau ouvre ses bilans"):
        actions.soumettre(bilan, par=getattr(monde, qui))
    bilan.refresh_from_db()
    assert bilan.statut == Statut.BROUILLON


@pytest.mark.parametrize("qui", ["coordination", "central", "dr_autre_region", "membre"])
def test_validation_reservee_a_la_direction_regionale(monde, bilan, qui):
    actions.soumettre(bilan, par=monde.coordination)
    for verbe in (actions.accepter, lambda b, par: actions.renvoyer(b, par=par, commentaire="Non")):
        with pytest.raises(ActionRefusee, match="Seule la direction régionale de la région porteuse du créneau valide"):
            verbe(bilan, par=getattr(monde, qui))
    bilan.refresh_from_db()
    assert bilan.statut == Statut.SOUMIS


def test_renvoi_sans_commentaire_refuse(monde, bilan):
    actions.soumettre(bilan, par=monde.coordination)
    with pytest.raises(ActionRefusee, match="réviser"):
        actions.renvoyer(bilan, par=monde.dr, commentaire="  ")


def test_pas_de_validation_d_un_brouillon_ni_double_soumission(monde, bilan):
    with pytest.raises(ActionRefusee, match="soumis"):
        actions.accepter(bilan, par=monde.dr)
    actions.soumettre(bilan, par=monde.coordination)
    with pytest.raises(ActionRefusee, match="attend la décision"):
        actions.soumettre(bilan, par=monde.coordination)
    assert bilan.etapes.filter(type=EtapeBilan.Type.SOUMISSION).count() == 1


def test_bilan_accepte_fige(monde, bilan):
    actions.soumettre(bilan, par=monde.coordination)
    bilan = actions.accepter(bilan, par=monde.dr)
    assert bilan.instantane["faits_saillants"] == "Une année de relance des exportations."
    avant = {i["code"] + i["detail"]: i["valeur_calculee"] for i in bilan.instantane["indicateurs"]}
    assert avant["projets-acceptes"] == "0.00"
    # A project accepted later in the exercice does not alter the accepted bilan.
    DecisionBilanFactory(projet=projet(creneau=monde.creneau), horodatage=heure(2026, 1, 10, 9))
    with pytest.raises(ActionRefusee, match="figé"):
        actions.recalculer(bilan, par=monde.coordination)
    assert valeurs(bilan, "projets-acceptes")[""].valeur_calculee == 0


def test_etape_ne_se_modifie_pas(monde, bilan):
    etape = bilan.etapes.get()
    etape.commentaire = "réécrit"
    with pytest.raises(Exception, match="ne se modifie pas"):
        etape.save()


def test_le_ministere_anglophone_recoit_le_sujet_en_anglais(monde, bilan, django_capture_on_commit_callbacks):
    Preferences.objects.create(user=monde.dr, langue="en")
    with django_capture_on_commit_callbacks(execute=True):
        actions.soumettre(bilan, par=monde.coordination)
    assert mail.outbox[-1].subject == f"Annual report {bilan.libelle_exercice} submitted: {monde.creneau.nom}"
