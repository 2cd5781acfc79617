"""The demo shows activities, member companies, the dated maturity of a partnership and the
dossiers d'excellence of potential créneaux; loading it twice adds nothing."""

import pytest

from activites.models import Activite
from creneaux.models import Creneau, DossierExcellence, MembreCreneau, PartenariatInternational, masse_critique
from demo import activites

pytestmark = pytest.mark.django_db


def _compter():
    return (
        Activite.objects.count(),
        MembreCreneau.objects.count(),
        DossierExcellence.objects.count(),
        PartenariatInternational.history.count(),
    )


def test_la_demo_montre_activites_membres_et_dossiers_d_excellence(demo):
    avant = _compter()
    activites.charger()
    assert _compter() == avant

    meuble = Creneau.objects.get(nom="Meuble", region_porteuse__code="17")
    assert meuble.activites.count() >= 7
    assert set(meuble.activites.values_list("type", flat=True)) >= {"symposium", "maillage", "mission", "visite"}
    assert meuble.activites.filter(action__isnull=False).exists()
    symposium = meuble.activites.get(type="symposium")
    partenariat = symposium.partenariats.get()
    assert list(partenariat.history.order_by("history_date").values_list("maturite", flat=True)) == [1, 2, 3]
    masse = masse_critique(meuble)
    assert masse["entreprises"] >= 6 and masse["leaders"] >= 1
    assert MembreCreneau.objects.filter(creneau=meuble, fin__isnull=False).exists()  # a former member
    for nom in ("Élastomères", "Drones civils et commerciaux"):
        potentiel = Creneau.objects.get(nom=nom)
        assert potentiel.statut == Creneau.Statut.POTENTIEL
        dossier = potentiel.dossier_excellence
        assert dossier.avantages_comparatifs and dossier.documentation.read(4) == b"%PDF"
        assert masse_critique(potentiel)["leaders"] >= 1
