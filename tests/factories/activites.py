import datetime

import factory
from django.core.files.base import ContentFile

from activites.models import Activite
from creneaux.models import DossierExcellence, MembreCreneau, Organisation
from tests.factories.creneaux import CreneauFactory, OrganisationFactory

# A minimal valid PDF (noyau.fichiers judges a file by its content).
PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class ActiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activite

    creneau = factory.SubFactory(CreneauFactory)
    type = Activite.Type.MAILLAGE
    titre = factory.Sequence(lambda n: f"Activité {n}")
    date = datetime.date(2025, 10, 15)
    lieu = "Victoriaville"


class MembreCreneauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreCreneau

    creneau = factory.SubFactory(CreneauFactory)
    organisation = factory.SubFactory(OrganisationFactory, type=Organisation.Type.ENTREPRISE)
    debut = datetime.date(2006, 1, 1)


class DossierExcellenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierExcellence

    creneau = factory.SubFactory(CreneauFactory)
    avantages_comparatifs = "Grappe de fabricants exportateurs, centre collégial de transfert, main-d'œuvre qualifiée."
    documentation = factory.LazyFunction(lambda: ContentFile(PDF_MINIMAL, name="portrait.pdf"))
