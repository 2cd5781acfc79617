"""Demo data: each region's 2018-2022 strategy with its real priorities, and the Investissement
Québec partner plan recorded by the central office through the verbs."""

import pytest
from django.db.models import F

from demo import plans
from plans.models import ActionPartenaire, PlanPartenaire
from regions.models import PrioriteRegionale, StrategieRegionale

pytestmark = pytest.mark.django_db


def test_les_priorites_de_la_demo_sont_celles_de_la_strategie_2018_2022_de_leur_region(demo):
    assert PrioriteRegionale.objects.count() == 37
    assert not PrioriteRegionale.objects.exclude(strategie__region=F("region")).exists()
    centre = StrategieRegionale.objects.get(region__code="17")
    assert centre.periode == "2018-2022" and "occupation et la vitalité des territoires" in centre.titre
    assert [p.numero for p in centre.priorites.order_by("numero")] == [1, 3]


def test_le_plan_d_investissement_quebec_repond_aux_priorites_regionales_sans_doublon(demo):
    plans.charger()  # again: the demo loaded it once already
    plan = PlanPartenaire.objects.get(organisation__nom="Investissement Québec")
    assert (plan.debut, plan.fin) == (2018, 2022)
    assert plan.actions.count() == 5 and ActionPartenaire.objects.count() == 5
    for action in plan.actions.all():
        priorites = list(action.priorites.all())
        assert len(priorites) == 3 and action.indicateur and action.cible
        assert {p.region_id for p in priorites} <= set(action.regions.values_list("pk", flat=True))
    assert plan.history.get().history_user.username == "ministere"
