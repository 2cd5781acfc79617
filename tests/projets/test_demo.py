"""Demo data: every demo créneau has a project in each state, each with its real trail of decisions."""

import pytest

from projets import demo
from projets.models import Decision, Depense, Projet, Statut
from tests.factories import CreneauFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def creneaux():
    return [
        CreneauFactory(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17")),
        CreneauFactory(nom="Techno-mines souterraines", slug="techno-mines", region_porteuse=region("08")),
    ]


def test_chaque_creneau_de_demo_a_un_projet_dans_chaque_etat(creneaux):
    demo.charger()
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


def test_relancer_la_demo_ne_cree_aucun_doublon(creneaux):
    demo.charger()
    avant = (Projet.objects.count(), Decision.objects.count(), Depense.objects.count())
    demo.charger()
    assert (Projet.objects.count(), Decision.objects.count(), Depense.objects.count()) == avant


def test_l_echelle_ajoute_des_projets_synthetiques_une_seule_fois(creneaux):
    demo.charger(echelle=2)
    assert demo._synthetiques(demo.Programme.objects.get(sigle="FSDCE"), 2) == 0
    synthetiques = Projet.objects.filter(description=demo.SYNTHETIQUE)
    assert synthetiques.count() == 2000
    assert set(synthetiques.values_list("statut", flat=True)) == set(Statut.values)
    assert Decision.objects.filter(projet__in=synthetiques).count() == synthetiques.exclude(statut=Statut.BROUILLON).count()
