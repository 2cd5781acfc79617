"""A portal with public and non-public data side by side (for the open data and the API)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from creneaux.models import Creneau
from projets.models import Decision, Statut, Versement
from tests.factories import CreneauFactory, ProjetFactory, circuit


def accepte(projet, par, le=datetime.datetime(2026, 5, 12, 15, 0), montant=None):
    """The Ministère's acceptance row, as projets.actions.accepter writes it."""
    return Decision.objects.create(
        projet=projet,
        etape=Decision.Etape.DECISION_MINISTERE,
        de_statut=Statut.MINISTERE,
        vers_statut=Statut.ACCEPTE,
        montant=montant if montant is not None else projet.montant_accorde,
        auteur=par,
        horodatage=timezone.make_aware(le),
    )


@dataclass
class Portail:
    c: object
    accepte: object
    en_realisation: object
    termine: object
    brouillon: object
    au_comite: object
    au_ministere: object
    refuse: object
    retire: object
    potentiel: object
    secrets: list


@pytest.fixture
def portail():
    c = circuit()
    p_accepte = c.projet(statut=Statut.ACCEPTE, titre="Vitrine des fabricants", montant_accorde=Decimal("50000.00"))
    accepte(p_accepte, c.central)
    p_real = c.projet(
        statut=Statut.EN_REALISATION,
        titre="Laboratoire partagé",
        montant_accorde=Decimal("80000.00"),
        montant_desengage=Decimal("5000.00"),
    )
    accepte(p_real, c.central, le=datetime.datetime(2026, 3, 31, 23, 30))  # 31 March in Québec, 1 April in UTC
    Versement.objects.create(projet=p_real, date=datetime.date(2026, 7, 1), montant=Decimal("10000.00"))
    Versement.objects.create(projet=p_real, date=datetime.date(2026, 9, 1), montant=Decimal("2500.50"))
    p_termine = c.projet(statut=Statut.TERMINE, titre="=Mission commerciale", porteur=None)
    accepte(p_termine, c.central)
    brouillon = c.projet(titre="Brouillon secret de la coordination")
    au_comite = c.projet(statut=Statut.COMITE_CRENEAU, titre="Projet devant le comité")
    au_ministere = c.projet(statut=Statut.MINISTERE, titre="Projet en analyse", analyse=False)
    analyse = Decision.objects.create(
        projet=au_ministere,
        etape=Decision.Etape.ANALYSE,
        de_statut=Statut.MINISTERE,
        vers_statut=Statut.MINISTERE,
        auteur=c.dr,
        motif="Analyse confidentielle de la direction régionale",
    )
    refuse = c.projet(statut=Statut.REFUSE_MINISTERE, titre="Projet refusé par le Ministère")
    retire = c.projet(statut=Statut.RETIRE, titre="Projet retiré après dépôt")
    potentiel = CreneauFactory(
        statut=Creneau.Statut.POTENTIEL, nom="Créneau potentiel confidentiel", region_porteuse=c.creneau.region_porteuse
    )
    p_potentiel = ProjetFactory(creneau=potentiel, statut=Statut.ACCEPTE, titre="Projet d'un créneau potentiel")
    accepte(p_potentiel, c.central)
    personnes = [*c.membres_creneau, c.observateur, *c.membres_regional, c.coordination.personne]
    secrets = [
        brouillon.titre,
        au_comite.titre,
        au_ministere.titre,
        analyse.motif,
        refuse.titre,
        retire.titre,
        potentiel.nom,
        p_potentiel.titre,
        *(p.courriel for p in personnes),
        *(f"{p.prenom} {p.nom}" for p in personnes),
        *(u.email for u in (c.central, c.dr)),
    ]
    return Portail(c, p_accepte, p_real, p_termine, brouillon, au_comite, au_ministere, refuse, retire, potentiel, secrets)
