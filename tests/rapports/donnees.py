"""A small, known province: two créneaux, five projects (figures checked by hand)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from projets.models import Statut
from tests.factories import (
    CreneauFactory,
    DecisionRapportFactory,
    PrioriteRegionaleFactory,
    ProjetRapportFactory,
    VersementRapportFactory,
    fsdce,
    region,
)


@dataclass
class Province:
    meuble: object
    rstm: object
    projets: dict


def province():
    programme = fsdce()  # its envelopes (data migration): 4 M$, 4,8 M$ for the régions ressources
    meuble = CreneauFactory(nom="Meuble", slug="meuble", region_porteuse=region("17"))
    rstm = CreneauFactory(nom="Ressources, sciences et technologies marines", slug="rstm", region_porteuse=region("01"))
    rstm.autres_regions.add(region("09"), region("11"))
    priorite = PrioriteRegionaleFactory(region=region("17"), numero=3, titre="Accroître la productivité des entreprises")
    p = {
        "design": ProjetRapportFactory(
            numero="2026-27-17-001",
            titre="Design durable du meuble",
            creneau=meuble,
            programme=programme,
            statut=Statut.ACCEPTE,
            montant_accorde=Decimal("120000.00"),
            demande=Decimal("150000.00"),
            enjeu="innovation",
            priorite=priorite,
        ),
        "export": ProjetRapportFactory(
            numero="2026-27-17-002",
            titre="Mission export Chicago",
            creneau=meuble,
            programme=programme,
            statut=Statut.MINISTERE,
            demande=Decimal("80000.25"),
            enjeu="international",
        ),
        "sonar": ProjetRapportFactory(
            numero="2026-27-01-001",
            titre="Sonar côtier partagé",
            creneau=rstm,
            programme=programme,
            statut=Statut.REFUSE_MINISTERE,
            demande=Decimal("60000.00"),
            enjeu="innovation",
        ),
        "algues": ProjetRapportFactory(
            numero="2026-27-01-002",
            titre="Valorisation des algues",
            creneau=rstm,
            programme=programme,
            statut=Statut.EN_REALISATION,
            montant_accorde=Decimal("200000.00"),
            demande=Decimal("200000.00"),
            enjeu="main_oeuvre",
        ),
        "ancien": ProjetRapportFactory(
            numero="2025-26-17-009",
            titre="Banc d'essai ergonomique",
            creneau=meuble,
            programme=programme,
            statut=Statut.TERMINE,
            montant_accorde=Decimal("90000.00"),
            demande=Decimal("90000.00"),
            exercice=2025,
        ),
    }
    # The Ministère's acceptances (the granted figures of an exercice are its decisions): this
    # exercice (2026-2027, the tests' clock) for the two projects filed in it, 2025-2026 for « ancien ».
    for cle in ("design", "algues"):
        DecisionRapportFactory(projet=p[cle], montant=p[cle].montant_accorde)
    en_2025 = timezone.make_aware(datetime.datetime(2025, 6, 16, 10))
    DecisionRapportFactory(projet=p["ancien"], montant=p["ancien"].montant_accorde, horodatage=en_2025)
    VersementRapportFactory(projet=p["design"], montant=Decimal("50000.00"))
    VersementRapportFactory(projet=p["design"], montant=Decimal("25000.50"))
    VersementRapportFactory(projet=p["algues"], montant=Decimal("100000.00"))
    return Province(meuble, rstm, p)
