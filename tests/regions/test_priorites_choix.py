"""Where a project, a créneau or an action of a plan picks its priorités régionales, each choice
says which priority it is: its region, its number and its title (cut when long)."""

import pytest

from creneaux.forms import CreneauForm
from plans.forms import ActionForm
from projets.forms import DescriptionForm
from tests.factories import CreneauFactory, PrioriteRegionaleFactory, ProjetFactory, region

pytestmark = pytest.mark.django_db

TITRE = "Développer l'entrepreneuriat et la relève des entreprises manufacturières du territoire, en région comme en ville"


def libelles(champ):
    return [libelle for valeur, libelle in champ.choices if valeur]


def test_la_liste_des_priorites_montre_leur_texte():
    PrioriteRegionaleFactory(region=region("17"), numero=1, titre=TITRE)
    PrioriteRegionaleFactory(region=region("17"), numero=2, titre="Accroître la productivité", territoire="Drummond")
    creneau = CreneauFactory(region_porteuse=region("17"))
    attendus = [
        "Centre-du-Québec – 1. Développer l'entrepreneuriat et la relève des entreprises …",
        "Centre-du-Québec (Drummond) – 2. Accroître la productivité",
    ]
    assert libelles(DescriptionForm(instance=ProjetFactory(creneau=creneau)).fields["priorite"]) == attendus
    assert libelles(CreneauForm(instance=creneau).fields["priorites"]) == attendus
    assert libelles(ActionForm(creneau=creneau).fields["priorites"]) == attendus
