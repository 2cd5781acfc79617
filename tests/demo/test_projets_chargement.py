"""Loading the demo projects: silent (nobody is notified), once (the scale adds its synthetic projects a
single time), and never into a merged créneau."""

import pytest

from demo import projets as demo
from projets.models import STATUTS_ENGAGES, Decision, Projet, Statut
from tests.demo import deux_creneaux
from tests.factories import CreneauFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def creneaux():
    return deux_creneaux()


def test_la_demo_ne_previent_personne(creneaux, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.charger()
    assert Projet.objects.exists() and mailoutbox == []


def test_l_echelle_ajoute_des_projets_synthetiques_une_seule_fois(creneaux):
    demo.charger(echelle=2)
    assert demo._synthetiques(demo.Programme.objects.get(sigle="FSDCE"), 2) == 0
    synthetiques = Projet.objects.filter(description=demo.SYNTHETIQUE)
    assert synthetiques.count() == 2000
    assert set(synthetiques.values_list("statut", flat=True)) == set(Statut.values)
    # Each one submitted has the decision of its step; each one engaged, the Ministère's acceptance
    # with its amount (the reports count a grant on that decision's date).
    engages = synthetiques.filter(statut__in=STATUTS_ENGAGES)
    attendu = synthetiques.exclude(statut=Statut.BROUILLON).count() + engages.exclude(statut=Statut.ACCEPTE).count()
    assert Decision.objects.filter(projet__in=synthetiques).count() == attendu
    acceptations = Decision.objects.filter(projet__in=engages, vers_statut=Statut.ACCEPTE)
    assert sorted(acceptations.values_list("projet", "montant")) == sorted(engages.values_list("pk", "montant_accorde"))


def test_un_creneau_fusionne_ne_recoit_aucun_projet_de_demo(creneaux):
    fusionne = CreneauFactory(
        nom="Microélectronique", slug="micro", region_porteuse=region("05"), statut="fusionne", fusionne_dans=creneaux[0]
    )
    demo.charger()
    assert Projet.objects.filter(creneau=creneaux[0]).exists()
    assert not Projet.objects.filter(creneau=fusionne).exists()
