import factory

from regions.models import PrioriteRegionale, Region, StrategieRegionale

__all__ = ["RegionFactory", "StrategieRegionaleFactory", "PrioriteRegionaleFactory", "region"]


def region(code):
    """One of the 17 regions loaded by the data migration."""
    return Region.objects.get(code=code)


class RegionFactory(factory.django.DjangoModelFactory):
    """Regions exist already (data migration): this picks one by code, default Centre-du-Québec."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "17"


class StrategieRegionaleFactory(factory.django.DjangoModelFactory):
    """The region's 2018-2022 strategy (one per region and title: reused)."""

    class Meta:
        model = StrategieRegionale
        django_get_or_create = ("region", "titre", "debut")

    region = factory.SubFactory(RegionFactory)
    titre = "Stratégie gouvernementale pour assurer l'occupation et la vitalité des territoires"
    debut = 2018
    fin = 2022


class PrioriteRegionaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrioriteRegionale

    region = factory.SubFactory(RegionFactory)
    strategie = factory.SubFactory(StrategieRegionaleFactory, region=factory.SelfAttribute("..region"))
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Faker("sentence", locale="fr_CA")
