import datetime

import factory
from django.utils import timezone

from creneaux.models import (
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    Entente,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reglement,
    Reunion,
)
from tests.factories.comptes import UserFactory
from tests.factories.regions import RegionFactory

__all__ = [
    "OrganisationFactory",
    "PersonneFactory",
    "CreneauFactory",
    "ComiteFactory",
    "ComiteRegionalFactory",
    "MandatFactory",
    "CoordinationFactory",
    "ReunionFactory",
    "EntenteFactory",
    "PartenariatFactory",
    "CollaborationFactory",
    "creneau_complet",
    "reglement_de",
]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.ASSOCIATION
    region = factory.SubFactory(RegionFactory)


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personne

    prenom = factory.Faker("first_name", locale="fr_CA")
    nom = factory.Faker("last_name", locale="fr_CA")
    courriel = factory.LazyAttribute(lambda p: f"{p.prenom}.{p.nom}@exemple.qc.ca".lower().replace(" ", ""))
    organisation = factory.SubFactory(OrganisationFactory)
    user = None

    class Params:
        avec_compte = factory.Trait(user=factory.SubFactory(UserFactory))


class CreneauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creneau

    nom = factory.Sequence(lambda n: f"Créneau {n}")
    slug = factory.Sequence(lambda n: f"creneau-{n}")
    secteur = "Fabrication"
    statut = Creneau.Statut.RECONNU
    date_potentiel = datetime.date(2006, 1, 15)
    date_autorise = datetime.date(2007, 3, 1)
    date_reconnu = datetime.date(2008, 6, 1)
    region_porteuse = factory.SubFactory(RegionFactory)


REGLES = ("quorum", "quorum_reduit", "motif_quorum_reduit", "consultation_electronique", "seuil_consultation",
          "duree_mandat_mois", "seances_par_annee", "delegation_resolutions", "majorite_affaires")  # fmt: skip
DEPUIS_TOUJOURS = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def reglement_de(comite, **regles):
    """A règlement in force for `comite` since 2000 (a test's first version of its rules)."""
    regles = {"consigne_le": DEPUIS_TOUJOURS, "en_vigueur_le": DEPUIS_TOUJOURS, "motif": "Règlement de départ"} | regles
    return Reglement.objects.create(comite=comite, **regles)


class AvecReglement:
    """`ComiteFactory(quorum=5, consultation_electronique=…, delegation_resolutions=True)`: the
    rules given become the comité's first règlement (without any, the default rules apply)."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        regles = {cle: kwargs.pop(cle) for cle in REGLES if cle in kwargs}
        comite = super()._create(model_class, *args, **kwargs)
        if regles:
            reglement_de(comite, **regles)
        return comite


class ComiteFactory(AvecReglement, factory.django.DjangoModelFactory):
    """A comité de créneau by default."""

    class Meta:
        model = Comite

    type = Comite.Type.CRENEAU
    creneau = factory.SubFactory(CreneauFactory)
    nom = factory.LazyAttribute(lambda c: f"Comité de créneau {c.creneau.nom}" if c.creneau else "Comité")


class ComiteRegionalFactory(AvecReglement, factory.django.DjangoModelFactory):
    class Meta:
        model = Comite
        django_get_or_create = ("type", "region")

    type = Comite.Type.REGIONAL
    region = factory.SubFactory(RegionFactory)
    creneau = None
    nom = factory.LazyAttribute(lambda c: f"Comité régional ACCORD {c.region.nom}")


class MandatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandat

    personne = factory.SubFactory(PersonneFactory)
    comite = factory.SubFactory(ComiteFactory)
    role = Mandat.Role.MEMBRE
    college = Mandat.College.AFFAIRES
    debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    # Confirmed by the direction régionale unless a test says otherwise (confirme_le=None).
    confirme_le = factory.LazyFunction(timezone.now)


class CoordinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordination

    personne = factory.SubFactory(PersonneFactory, avec_compte=True)
    creneau = factory.SubFactory(CreneauFactory)
    employeur = factory.SubFactory(OrganisationFactory, type=Organisation.Type.OBNL)
    debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class ReunionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reunion

    comite = factory.SubFactory(ComiteFactory)
    date = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    lieu = "Drummondville"
    # In session: the comité's decisions are taken in an open séance.
    statut = Reunion.Statut.OUVERTE


class EntenteFactory(factory.django.DjangoModelFactory):
    """An entente de mise en œuvre of a créneau by default."""

    class Meta:
        model = Entente

    type = Entente.Type.MISE_EN_OEUVRE
    creneau = factory.SubFactory(CreneauFactory)
    signataires = "Présidence du comité régional\nMinistre"
    date_signature = datetime.date(2008, 6, 1)
    debut = datetime.date(2008, 6, 1)
    fin = datetime.date(2013, 5, 31)


class PartenariatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartenariatInternational

    creneau = factory.SubFactory(CreneauFactory)
    partenaire = factory.Sequence(lambda n: f"Pôle étranger {n}")
    pays = "France"
    type = PartenariatInternational.Type.POLE


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaboration
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Collaboration {n}")

    @factory.post_generation
    def creneaux(self, create, extracted, **kwargs):
        if create and extracted:
            self.creneaux.set(extracted)


def creneau_complet(**kwargs):
    """A reconnu créneau with everything its fiche shows: comité (3 members), exécutif, coordination,
    entente, partnership, collaboration and a meeting."""
    creneau = CreneauFactory(**kwargs)
    comite = ComiteFactory(creneau=creneau)
    executif = ComiteFactory(creneau=creneau, type=Comite.Type.EXECUTIF, parent=comite, nom="Exécutif")
    for college in (Mandat.College.AFFAIRES, Mandat.College.AFFAIRES, Mandat.College.RECHERCHE):
        mandat = MandatFactory(comite=comite, college=college)
    MandatFactory(comite=executif, personne=mandat.personne)
    CoordinationFactory(creneau=creneau)
    EntenteFactory(creneau=creneau)
    PartenariatFactory(creneau=creneau)
    CollaborationFactory(creneaux=[creneau])
    ReunionFactory(comite=comite).presents.set([mandat.personne])
    return creneau
