"""Demo data: every demo créneau has a project in each state, each with its real trail of decisions."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from demo import projets as demo
from noyau.exercices import code_court, exercice_de
from portail.a_traiter import taches_de
from projets.models import Decision, Depense, Projet, Statut
from tests.demo import deux_creneaux
from tests.demo_partagee import donnees_du_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def charges(django_db_setup, django_db_blocker):
    """The two créneaux with the demo projects loaded once, for the tests that only read them."""

    def charger():
        creneaux = deux_creneaux()
        demo.charger()
        return creneaux

    with donnees_du_module(django_db_blocker, charger) as creneaux:
        yield creneaux


def test_chaque_creneau_de_demo_a_un_projet_dans_chaque_etat(charges):
    creneaux = charges
    for creneau in creneaux:
        etats = sorted(Projet.objects.filter(creneau=creneau).values_list("statut", flat=True))
        assert etats == sorted(Statut.values)
    termine = Projet.objects.get(creneau=creneaux[0], statut=Statut.TERMINE)
    assert list(termine.decisions.values_list("etape", flat=True)) == [
        "soumission",
        "resolution",
        "comite_regional",
        "analyse",
        "decision_ministere",
        "convention",
        "versement",
        "versement",
        "rapport_final",
    ]
    assert termine.numero.startswith("FSDCE-") and termine.montant_accorde == sum(v.montant for v in termine.versements.all())
    assert Projet.objects.get(creneau=creneaux[0], statut=Statut.BROUILLON).decisions.count() == 0


def test_les_projets_de_demo_s_etalent_sur_l_exercice_precedent_et_le_courant(charges):
    creneaux = charges
    courant = exercice_de()
    soumis = Projet.objects.exclude(statut=Statut.BROUILLON)
    assert set(soumis.values_list("exercice", flat=True)) == {courant - 1, courant}
    for projet in soumis:
        # The number carries the exercice of the submission, which happened in the past.
        assert projet.exercice == exercice_de(timezone.localdate(projet.soumis_le))
        assert code_court(projet.exercice) in projet.numero
        assert projet.soumis_le < timezone.now()
    termine = Projet.objects.get(creneau=creneaux[0], statut=Statut.TERMINE)
    horodatages = list(termine.decisions.order_by("pk").values_list("horodatage", flat=True))
    assert horodatages == sorted(horodatages) and horodatages[0] == termine.soumis_le
    assert exercice_de(timezone.localdate(horodatages[0])) == courant - 1
    # Each comité decided at a meeting held the day before, attended by its voting members.
    resolution = termine.decisions.get(etape=Decision.Etape.RESOLUTION)
    assert resolution.reunion.date < resolution.horodatage
    assert resolution.reunion.presents.count() >= 3
    # The coordination created and filled in the draft before submitting it, through the verbs.
    brouillon = termine.history.order_by("history_date")[:2]
    assert [h.history_user for h in brouillon] == [termine.cree_par] * 2
    assert termine.cree_le == brouillon[0].history_date < termine.soumis_le


@pytest.mark.usefixtures("charges")
def test_a_traiter_montre_des_attentes_variees_les_plus_anciennes_d_abord():
    taches = taches_de(get_user_model().objects.get(username="ministere"))
    depuis = [t.depuis for t in taches]
    assert len(set(depuis)) > 1 and depuis == sorted(depuis)
    assert all(t.attente.days >= 1 for t in taches)


@pytest.mark.usefixtures("charges")
def test_relancer_la_demo_ne_cree_aucun_doublon_et_le_dit():
    avant = (Projet.objects.count(), Decision.objects.count(), Depense.objects.count())
    sortie = io.StringIO()
    demo.charger(sortie=sortie)
    assert (Projet.objects.count(), Decision.objects.count(), Depense.objects.count()) == avant
    # Nothing was lost: the output says what is already there.
    assert "0 nouveaux projets de démonstration" in sortie.getvalue()
    assert f"{Projet.objects.count()} projets de démonstration en base" in sortie.getvalue()
