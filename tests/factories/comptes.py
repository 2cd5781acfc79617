import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from comptes.models import AffectationMinistere
from tests.factories.regions import RegionFactory

__all__ = ["UserFactory", "AffectationMinistereFactory", "MOT_DE_PASSE"]

MOT_DE_PASSE = "mot-de-passe-tests-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usager{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.qc.ca")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def _sauver(self, create, extracted, **kwargs):
        if create:
            self.save()


class AffectationMinistereFactory(factory.django.DjangoModelFactory):
    """Direction régionale staff by default; `niveau="central", region=None` for central."""

    class Meta:
        model = AffectationMinistere

    user = factory.SubFactory(UserFactory)
    niveau = AffectationMinistere.Niveau.REGIONAL
    region = factory.SubFactory(RegionFactory)
    debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
