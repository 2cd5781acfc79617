import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Comite
from projets.models import Decision, Statut
from tests.factories import (
    ComiteFactory,
    CoordinationFactory,
    CreneauFactory,
    DecisionRapportFactory,
    DepenseFactory,
    FinancementFactory,
    OrganisationFactory,
    ProjetRapportFactory,
    UserFactory,
    VersementRapportFactory,
    region,
)
from tests.rapports.conftest import lire_pdf

pytestmark = pytest.mark.django_db


def money(v):
    return f"{v:,.2f}".replace(",", " ").replace(".", ",") + " $"


@pytest.fixture
def projet():
    meuble = CreneauFactory(nom="Meuble", region_porteuse=region("17"))
    p = ProjetRapportFactory(
        numero="2026-27-17-004",
        titre="Atelier partagé de finition",
        creneau=meuble,
        porteur=OrganisationFactory(nom="Association des fabricants de meubles du Québec"),
        statut=Statut.ACCEPTE,
        montant_accorde=Decimal("45000.00"),
    )
    DepenseFactory(projet=p, montant=Decimal("80000.00"))
    DepenseFactory(projet=p, categorie="materiel", montant=Decimal("20000.50"))
    DepenseFactory(projet=p, categorie="autre", montant=Decimal("5000.00"), admissible=False)
    FinancementFactory(projet=p, source="fsdce", montant=Decimal("50000.25"))
    FinancementFactory(projet=p, source="porteur", montant=Decimal("55000.25"))
    comite = ComiteFactory(creneau=meuble, type=Comite.Type.CRENEAU, nom="Comité de créneau Meuble")
    t0 = timezone.now() - datetime.timedelta(days=30)
    DecisionRapportFactory(
        projet=p, etape=Decision.Etape.SOUMISSION, de_statut="brouillon", vers_statut="comite_creneau", horodatage=t0
    )
    DecisionRapportFactory(
        projet=p,
        etape=Decision.Etape.RESOLUTION,
        de_statut="comite_creneau",
        vers_statut="comite_regional",
        comite=comite,
        numero_resolution="CC-MEUBLE-2026-07",
        votes_pour=7,
        votes_contre=1,
        abstentions=0,
        horodatage=t0 + datetime.timedelta(days=5),
    )
    DecisionRapportFactory(
        projet=p,
        etape=Decision.Etape.DECISION_MINISTERE,
        de_statut="ministere",
        vers_statut="accepte",
        montant=Decimal("45000.00"),
        motif="Rapport d'étape exigé au 31 mars.",
        auteur=UserFactory(first_name="Marc", last_name="Gagnon"),
        horodatage=t0 + datetime.timedelta(days=20),
    )
    VersementRapportFactory(projet=p, montant=Decimal("15000.00"))
    return p


def test_the_dossier_holds_the_budget_and_the_decision_trail(client, dr_centre, projet):
    client.force_login(dr_centre)
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:dossier_projet", args=[projet.pk])))

    assert "Atelier partagé de finition" in texte and "2026-27-17-004" in texte
    assert money(Decimal("80000.00") + Decimal("20000.50") + Decimal("5000.00")) in texte  # total cost
    assert money(Decimal("100000.50")) in texte  # eligible costs
    assert money(Decimal("50000.25") + Decimal("55000.25")) in texte  # financing total
    assert "CC-MEUBLE-2026-07" in texte and "7 pour, 1 contre" in texte
    assert "Décision du Ministère" in texte and "Marc Gagnon" in texte
    assert money(Decimal("15000.00")) in texte
    assert pages <= 3


def test_a_draft_s_dossier_is_titled_without_an_empty_number(client, projet):
    brouillon = ProjetRapportFactory(numero=None, titre="Vitrine du meuble", creneau=projet.creneau, statut=Statut.BROUILLON)
    client.force_login(CoordinationFactory(creneau=projet.creneau).personne.user)
    texte, _, lecteur = lire_pdf(client.get(reverse("rapports:dossier_projet", args=[brouillon.pk])))
    assert lecteur.metadata.title == "Dossier de projet – Brouillon · Meuble"
    assert "Brouillon · Meuble" in texte and "– ·" not in texte
    numerote = lire_pdf(client.get(reverse("rapports:dossier_projet", args=[projet.pk])))[2]
    assert numerote.metadata.title == "Dossier de projet – 2026-27-17-004 · Meuble"


def test_the_decision_letter_states_the_amount_and_conditions(client, projet):
    coordination = CoordinationFactory(creneau=projet.creneau)
    client.force_login(coordination.personne.user)
    texte, pages, _ = lire_pdf(client.get(reverse("rapports:lettre_decision", args=[projet.pk])))

    assert pages == 1
    assert "Aide financière accordée : 45 000,00 $" in texte
    assert "Rapport d'étape exigé au 31 mars." in texte
    assert "Association des fabricants de meubles du Québec" in texte


def test_a_refusal_letter_gives_the_motive(client, central):
    projet = ProjetRapportFactory(statut=Statut.REFUSE_MINISTERE)
    DecisionRapportFactory(projet=projet, vers_statut=Statut.REFUSE_MINISTERE, motif="Moins de trois partenaires.")
    client.force_login(central)
    texte, _, _ = lire_pdf(client.get(reverse("rapports:lettre_decision", args=[projet.pk])))
    assert "Moins de trois partenaires." in texte
    assert "Aide financière accordée" not in texte


def test_no_letter_before_the_ministry_decides(client, central):
    projet = ProjetRapportFactory(statut=Statut.COMITE_REGIONAL)
    client.force_login(central)
    assert client.get(reverse("rapports:lettre_decision", args=[projet.pk])).status_code == 403


@pytest.mark.parametrize("nom", ["rapports:dossier_projet", "rapports:lettre_decision"])
def test_project_documents_are_refused_outside_the_creneau_and_region(client, projet, dr_bas_saint_laurent, nom):
    url = reverse(nom, args=[projet.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(dr_bas_saint_laurent)
    assert client.get(url).status_code == 403
    client.force_login(CoordinationFactory(creneau=CreneauFactory(region_porteuse=region("17"))).personne.user)
    assert client.get(url).status_code == 403
