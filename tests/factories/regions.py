import factory

from regions.models import PrioriteRegionale, Region

__all__ = ["RegionFactory", "PrioriteRegionaleFactory", "region"]


def region(code):
    """One of the 17 regions loaded by the data migration."""
    return Region.objects.get(code=code)


class RegionFactory(factory.django.DjangoModelFactory):
    """Regions exist already (data migration): this picks one by code, default Centre-du-Québec."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "17"


class PrioriteRegionaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrioriteRegionale

    region = factory.SubFactory(RegionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Faker("sentence", locale="fr_CA")
