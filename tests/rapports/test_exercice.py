"""The figures of an exercice are its events: requested by the projects filed in it, granted by
the Ministère's decisions dated in it, paid by the payments dated in it (issue 13, item 5)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from noyau.exercices import exercice_de
from projets.models import Decision, Statut
from rapports.indicateurs import calculer
from tests.factories import DecisionRapportFactory, ProjetRapportFactory, VersementRapportFactory, region

pytestmark = pytest.mark.django_db

Etape = Decision.Etape


def le(annee, mois, jour, heure=10, minute=0):
    """An aware moment in the portal's time zone."""
    return timezone.make_aware(datetime.datetime(annee, mois, jour, heure, minute))


def accepter(projet, quand, montant):
    projet.montant_accorde = montant
    projet.save()
    return DecisionRapportFactory(projet=projet, montant=montant, horodatage=quand)


def desengager(projet, quand, montant):
    projet.montant_desengage += montant
    projet.save()
    DecisionRapportFactory(
        projet=projet,
        etape=Etape.DESENGAGEMENT,
        de_statut=Statut.EN_REALISATION,
        vers_statut=Statut.EN_REALISATION,
        montant=montant,
        horodatage=quand,
    )


def figures(exercice, **portee):
    ind = calculer(exercice, **portee)
    return {p["titre"]: (p["demande"], p["accorde"], p["verse"]) for p in ind.projets}, ind.totaux


@pytest.fixture
def report():
    """The demo's situation: filed in 2025-2026, accepted and paid in 2026-2027."""
    projet = ProjetRapportFactory(
        titre="Report",
        exercice=2025,
        statut=Statut.EN_REALISATION,
        demande=Decimal("300000.00"),
        creneau__region_porteuse=region("17"),
    )
    accepter(projet, le(2026, 5, 12), Decimal("250000.00"))
    VersementRapportFactory(projet=projet, date=datetime.date(2026, 9, 1), montant=Decimal("100000.00"))
    return projet


def test_a_project_filed_last_year_and_granted_and_paid_this_year_counts_this_year(report):
    ZERO = Decimal(0)
    assert figures(2026)[0] == {"Report": (ZERO, Decimal("250000.00"), Decimal("100000.00"))}
    assert figures(2025)[0] == {"Report": (Decimal("300000.00"), ZERO, ZERO)}
    assert figures(2027)[0] == {}  # nothing happened to it in 2027-2028
    # The envelope is a stock: the same engaged amount whatever the exercice.
    engage = {annee: calculer(annee).regions.total["engage"] for annee in (2025, 2026, 2027)}
    assert set(engage.values()) == {Decimal("250000.00")}


def test_every_year_together_gives_the_cumulative_figures(report):
    """None: every filed project, its whole request, its net grant, every payment."""
    autre = ProjetRapportFactory(titre="Autre", exercice=2026, statut=Statut.MINISTERE, demande=Decimal("40000.00"))
    accepter(ProjetRapportFactory(titre="Refusé", exercice=2024, statut=Statut.REFUSE_MINISTERE), le(2024, 8, 1), None)
    lignes, totaux = figures(None)
    assert lignes["Report"] == (Decimal("300000.00"), Decimal("250000.00"), Decimal("100000.00"))
    assert lignes[autre.titre] == (Decimal("40000.00"), 0, 0)
    assert totaux == {"nb": 3, "demande": Decimal("340000.00"), "accorde": Decimal("250000.00"), "verse": Decimal("100000.00")}


def test_a_release_or_a_withdrawal_takes_back_the_grant_in_its_own_exercice(report):
    desengager(report, le(2027, 6, 1), Decimal("150000.00"))
    retire = ProjetRapportFactory(titre="Retiré", exercice=2026, statut=Statut.RETIRE, demande=Decimal("80000.00"))
    accepter(retire, le(2026, 7, 1), Decimal("60000.00"))
    DecisionRapportFactory(
        projet=retire, etape=Etape.RETRAIT, de_statut=Statut.ACCEPTE, vers_statut=Statut.RETIRE, horodatage=le(2027, 4, 20)
    )
    # A refused project's decision grants nothing.
    refuse = ProjetRapportFactory(titre="Refusé", exercice=2026, statut=Statut.REFUSE_MINISTERE, demande=Decimal("5000.00"))
    DecisionRapportFactory(projet=refuse, vers_statut=Statut.REFUSE_MINISTERE, horodatage=le(2026, 7, 2))

    lignes, totaux = figures(2026)
    assert totaux["accorde"] == Decimal("310000.00") and lignes["Refusé"] == (Decimal("5000.00"), 0, 0)
    lignes, totaux = figures(2027)
    assert lignes == {"Report": (0, Decimal("-150000.00"), 0), "Retiré": (0, Decimal("-60000.00"), 0)}
    # Over every year: what stays engaged (the envelope's figure, today's cumulative definition).
    assert figures(None)[1]["accorde"] == Decimal("100000.00") == calculer(None).regions.total["engage"]


def test_the_exercice_runs_from_april_1_to_march_31_in_the_portal_s_time_zone():
    projet = ProjetRapportFactory(titre="Bornes", exercice=2025, statut=Statut.EN_REALISATION, demande=Decimal("9000.00"))
    accepter(projet, le(2026, 3, 31, 23, 30), Decimal("8000.00"))  # 03:30 UTC on April 1: still 2025-2026
    VersementRapportFactory(projet=projet, date=datetime.date(2026, 4, 1), montant=Decimal("1000.00"))
    assert figures(2025)[0] == {"Bornes": (Decimal("9000.00"), Decimal("8000.00"), 0)}
    assert figures(2026)[0] == {"Bornes": (0, 0, Decimal("1000.00"))}


def test_the_scope_filters_narrow_the_rows_not_the_period(report):
    assert figures(2026, region=region("17"))[1]["accorde"] == Decimal("250000.00")
    assert figures(2026, region=region("01"))[0] == {}
    assert figures(2026, enjeu="international")[0] == {}


def test_the_dashboard_counts_this_year_s_decisions_and_offers_every_year(client, central, report):
    client.force_login(central)
    url = reverse("rapports:tableau_de_bord")
    totaux = client.get(url, {"exercice": 2026}).context["ind"].totaux
    assert (totaux["demande"], totaux["accorde"], totaux["verse"]) == (0, Decimal("250000.00"), Decimal("100000.00"))
    reponse = client.get(url, {"exercice": ""})
    assert reponse.context["ind"].totaux["demande"] == Decimal("300000.00")
    assert "Tous les exercices" in reponse.content.decode()
    export = client.get(reverse("rapports:export", args=["regions", "csv"]), {"exercice": ""})
    assert "accord-regions-tous" in export["Content-Disposition"]


@pytest.mark.parametrize("nombre", [3, 30])
def test_the_figures_of_an_exercice_take_a_fixed_number_of_queries(django_assert_num_queries, nombre):
    for i in range(nombre):
        projet = ProjetRapportFactory(exercice=2025 + i % 2, statut=Statut.EN_REALISATION, demande=Decimal("1000.00"))
        accepter(projet, le(2026, 6, 1), Decimal("900.00"))
        VersementRapportFactory(projet=projet, date=datetime.date(2026, 6, 2), montant=Decimal("100.00"))
    with django_assert_num_queries(7):
        assert calculer(2026).totaux["nb"] == nombre


def test_the_pdf_report_offered_is_the_chosen_exercice_s_or_with_every_year_the_current_one(client, central, report):
    client.force_login(central)
    url = reverse("rapports:tableau_de_bord")
    page = client.get(url, {"exercice": "2025"}).content.decode()
    assert f"{reverse('rapports:rapport_provincial')}?exercice=2025" in page and "Rapport provincial 2025-2026 (PDF)" in page
    page = client.get(url, {"exercice": ""}).content.decode()
    courant = exercice_de()
    assert f"?exercice={courant}" in page and f"Rapport provincial {courant}-{courant + 1} (PDF)" in page
