"""A small, known province: two créneaux, five projects (figures checked by hand)."""

from dataclasses import dataclass
from decimal import Decimal

from projets.models import Statut
from tests.factories import (
    CreneauFactory,
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
    VersementRapportFactory(projet=p["design"], montant=Decimal("50000.00"))
    VersementRapportFactory(projet=p["design"], montant=Decimal("25000.50"))
    VersementRapportFactory(projet=p["algues"], montant=Decimal("100000.00"))
    return Province(meuble, rstm, p)
