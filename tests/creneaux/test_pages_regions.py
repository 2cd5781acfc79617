"""The 17 regions and a region's page (creneaux.views.regions): comité régional, créneaux, priorités."""

import pytest
from django.urls import reverse

from creneaux.models import Creneau, Mandat
from tests.factories import (
    ComiteRegionalFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    PrioriteRegionaleFactory,
    region,
)

pytestmark = pytest.mark.django_db


def test_les_17_regions_sont_listees_avec_leurs_creneaux(client):
    CreneauFactory(region_porteuse=region("01")).autres_regions.set([region("09")])
    reponse = client.get(reverse("regions:liste"))
    page = reponse.content.decode()
    assert "Gaspésie–Îles-de-la-Madeleine" in page and "région ressource" in page
    regions = {r.code: r for r in reponse.context["regions"]}
    assert len(regions) == 17
    assert (regions["01"].nb_portes, regions["09"].nb_associes, regions["17"].nb_portes) == (1, 1, 0)


def test_la_page_d_une_region_montre_son_comite_ses_creneaux_et_ses_priorites(client):
    centre = region("17")
    comite = ComiteRegionalFactory(region=centre)
    MandatFactory(comite=comite, role=Mandat.Role.PRESIDENT, personne=PersonneFactory(prenom="Hélène", nom="Présidial"))
    CreneauFactory(nom="Meuble", region_porteuse=centre)
    CreneauFactory(
        nom="Potentiel caché", region_porteuse=centre, statut=Creneau.Statut.POTENTIEL, date_autorise=None, date_reconnu=None
    )
    CreneauFactory(nom="Transport interrégional", region_porteuse=region("16")).autres_regions.set([centre])
    PrioriteRegionaleFactory(region=centre, numero=3, titre="Soutenir la relève entrepreneuriale")
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "Hélène Présidial" in page and "Président·e" in page
    assert "Meuble" in page and "Transport interrégional" in page and "Potentiel caché" not in page
    assert "Priorité 3" in page and "Soutenir la relève entrepreneuriale" in page


def test_une_region_inconnue_est_introuvable(client):
    assert client.get(reverse("regions:detail", args=["atlantide"])).status_code == 404
