"""The table of a partner's action plan as a PDF: public, tagged (PDF/UA), landscape."""

import pytest
from django.urls import reverse

from plans import actions
from plans.models import ActionPartenaire, PlanPartenaire
from tests.factories import OrganisationFactory, PrioriteRegionaleFactory, StrategieRegionaleFactory, region
from tests.rapports.conftest import lire_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_iq(central):
    strategie = StrategieRegionaleFactory(region=region("17"))
    virage = PrioriteRegionaleFactory(
        strategie=strategie, region=strategie.region, numero=3, titre="Prendre le virage technologique."
    )
    mauricie = StrategieRegionaleFactory(region=region("04"))
    releve = PrioriteRegionaleFactory(
        strategie=mauricie, region=mauricie.region, numero=10, titre="Assurer la relève et le transfert d'entreprise."
    )
    iq = OrganisationFactory(nom="Investissement Québec", type="public", region=region("03"))
    plan = actions.enregistrer_plan_partenaire(
        PlanPartenaire(),
        par=central,
        donnees={"organisation": iq, "titre": "Plan d'action régional d'Investissement Québec", "debut": 2018, "fin": 2022},
    )
    for numero, titre, indicateur, cible, priorites in [
        (1, "Soutenir les projets d'automatisation", "Projets soutenus", "60 projets", [virage]),
        (2, "Financer la relève et le transfert d'entreprise", "Transferts financés", "40 transferts", [releve]),
    ]:
        actions.enregistrer_action_partenaire(
            ActionPartenaire(plan=plan),
            par=central,
            donnees={"numero": numero, "titre": titre, "indicateur": indicateur, "cible": cible, "priorites": priorites},
        )
    return plan


def test_tout_le_monde_telecharge_le_tableau_du_plan_d_un_partenaire(client, plan_iq):
    texte, pages, lecteur = lire_pdf(client.get(reverse("rapports:plan_partenaire", args=[plan_iq.pk])))
    assert pages == 1
    for attendu in (
        "Plan d'action d'un partenaire",
        "Investissement Québec",
        "Plan d'action régional d'Investissement Québec 2018-2022",
        "Soutenir les projets d'automatisation",
        "Projets soutenus",
        "60 projets",
        "Centre-du-Québec, priorité 3",
        "Prendre le virage technologique.",
        "Mauricie, priorité 10",
        "40 transferts",
        "Stratégies régionales citées",
    ):
        assert attendu in texte.replace("’", "'"), attendu
    assert (
        lecteur.metadata.title.startswith("Plan d'action d'un partenaire".replace("'", "’"))
        or "partenaire" in lecteur.metadata.title
    )
    largeur, hauteur = lecteur.pages[0].mediabox.width, lecteur.pages[0].mediabox.height
    assert largeur > hauteur  # the table is printed landscape


def test_un_plan_inexistant_donne_404(client):
    assert client.get(reverse("rapports:plan_partenaire", args=[999999])).status_code == 404
