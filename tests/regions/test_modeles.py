"""The 17 administrative regions (loaded by a data migration) and their numbered priorities."""

import pytest
from django.db import IntegrityError, transaction

from regions.models import Region
from tests.factories import PrioriteRegionaleFactory, region

pytestmark = pytest.mark.django_db


def test_les_17_regions_officielles_sont_chargees_avec_leurs_regions_ressources():
    assert list(Region.objects.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 18)]
    assert region("01").region_ressource and not region("06").region_ressource
    assert str(region("17")) == "17 – Centre-du-Québec"
    assert region("17").get_absolute_url() == "/regions/centre-du-quebec/"


def test_un_code_de_region_est_l_un_des_17_codes_officiels():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="18", nom="Atlantide", slug="atlantide")


def test_une_priorite_porte_un_numero_unique_par_region_et_territoire():
    PrioriteRegionaleFactory(region=region("17"), numero=1)
    PrioriteRegionaleFactory(region=region("17"), numero=1, territoire="Drummond")
    with pytest.raises(IntegrityError), transaction.atomic():
        PrioriteRegionaleFactory(region=region("17"), numero=1)
    assert str(PrioriteRegionaleFactory(region=region("04"), numero=2)) == "Mauricie – priorité 2"
