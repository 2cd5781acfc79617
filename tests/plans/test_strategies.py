"""Regional strategies and their numbered priorities are kept by the Ministère in the portal (the
direction régionale of the region, or the central office), with their history; every logged-in
user reads them. Partners' action plans (Investissement Québec…) are recorded by the central
office and public, with a page and a PDF."""

import pytest
from django.urls import reverse

from noyau.actions import ActionRefusee
from noyau.permissions import verifier
from plans import actions
from plans.models import ActionPartenaire, PlanPartenaire
from regions.models import PrioriteRegionale, StrategieRegionale
from tests.factories import (
    AffectationMinistereFactory,
    CoordinationFactory,
    OrganisationFactory,
    PrioriteRegionaleFactory,
    StrategieRegionaleFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dr_centre(db):
    return AffectationMinistereFactory(region=region("17"), user=UserFactory(first_name="Denise", last_name="Régionale")).user


@pytest.fixture
def dr_autre(db):
    return AffectationMinistereFactory(region=region("01")).user


@pytest.fixture
def central(db):
    return AffectationMinistereFactory(niveau="central", region=None).user


@pytest.fixture
def coordination(db):
    return CoordinationFactory(creneau__region_porteuse=region("17")).personne.user


@pytest.fixture
def strategie(db):
    s = StrategieRegionaleFactory(region=region("17"))
    PrioriteRegionaleFactory(
        strategie=s, region=s.region, numero=1, titre="Faire de nos collectivités des communautés entrepreneuriales."
    )
    PrioriteRegionaleFactory(strategie=s, region=s.region, numero=3, titre="Prendre le virage technologique.")
    return s


@pytest.fixture
def iq(db):
    return OrganisationFactory(nom="Investissement Québec", type="public", region=region("03"))


@pytest.fixture
def plan_iq(central, iq, strategie):
    plan = actions.enregistrer_plan_partenaire(
        PlanPartenaire(),
        par=central,
        donnees={"organisation": iq, "titre": "Plan d'action régional", "debut": 2018, "fin": 2022},
    )
    actions.enregistrer_action_partenaire(
        ActionPartenaire(plan=plan),
        par=central,
        donnees={
            "numero": 1,
            "titre": "Soutenir les projets d'automatisation",
            "indicateur": "Projets soutenus",
            "cible": "60 projets",
            "priorites": [strategie.priorites.get(numero=3)],
            "regions": [region("04")],
        },
    )
    return plan


# --- Strategies: verbs and rules --------------------------------------------------------------


def test_la_dr_cree_la_strategie_de_sa_region_et_ses_priorites_numerotees_avec_l_historique(dr_centre):
    s = actions.enregistrer_strategie(
        StrategieRegionale(region=region("17")),
        par=dr_centre,
        donnees={"titre": "Stratégie de développement du Centre-du-Québec", "debut": 2023, "fin": 2027},
    )
    assert str(s) == "Stratégie de développement du Centre-du-Québec 2023-2027"
    p = actions.enregistrer_priorite(
        PrioriteRegionale(strategie=s), par=dr_centre, donnees={"numero": 1, "titre": "Attirer la main-d'œuvre"}
    )
    assert p.region == s.region
    actions.enregistrer_priorite(p, par=dr_centre, donnees={"titre": "Attirer et retenir la main-d'œuvre"})
    assert [h.history_change_reason for h in p.history.order_by("history_date")] == ["Priorité ajoutée", "Priorité modifiée"]
    assert p.history.latest().history_user == dr_centre and s.history.get().history_change_reason == "Stratégie créée"


def test_le_bureau_central_tient_aussi_les_strategies(central, strategie):
    actions.enregistrer_strategie(strategie, par=central, donnees={"fin": 2023})
    strategie.refresh_from_db()
    assert strategie.periode == "2018-2023"


@pytest.mark.parametrize("qui", ["dr_autre", "coordination"])
def test_ni_la_dr_d_une_autre_region_ni_une_coordination_ne_touchent_aux_priorites(request, strategie, qui):
    par = request.getfixturevalue(qui)
    priorite = strategie.priorites.get(numero=1)
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_priorite(priorite, par=par, donnees={"titre": "Autre chose"})
    assert "tenues par le Ministère (direction régionale de la région ou bureau central)" in refus.value.message
    with pytest.raises(ActionRefusee, match="tenues par le Ministère"):
        actions.enregistrer_strategie(
            StrategieRegionale(region=region("17")), par=par, donnees={"titre": "X", "debut": 2023, "fin": 2027}
        )
    priorite.refresh_from_db()
    assert priorite.titre.startswith("Faire de nos collectivités") and StrategieRegionale.objects.count() == 1


def test_un_numero_deja_pris_ou_une_periode_absurde_sont_refuses_a_cote_du_champ(dr_centre, strategie):
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_priorite(
            PrioriteRegionale(strategie=strategie), par=dr_centre, donnees={"numero": 3, "titre": "Doublon"}
        )
    assert refus.value.champ == "numero" and "déjà celui d'une autre priorité" in refus.value.message
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_strategie(strategie, par=dr_centre, donnees={"debut": 2022, "fin": 2018})
    assert "entre 1990 et 2100" in refus.value.message
    strategie.refresh_from_db()
    assert strategie.priorites.count() == 2 and strategie.periode == "2018-2022"


# --- Strategies: pages ------------------------------------------------------------------------


def test_tout_usager_connecte_lit_la_strategie_et_son_historique(client, strategie, coordination, django_assert_max_num_queries):
    client.force_login(coordination)
    with django_assert_max_num_queries(15):
        page = client.get(strategie.get_absolute_url())
    texte = page.content.decode().replace("&#x27;", "'")
    assert page.status_code == 200 and "Prendre le virage technologique." in texte and "2018-2022" in texte
    assert reverse("strategies:priorite_ajouter", args=[strategie.pk]) not in texte
    with django_assert_max_num_queries(15):
        assert client.get(reverse("strategies:liste")).status_code == 200


def test_un_anonyme_est_envoye_a_la_connexion(client, strategie):
    reponse = client.get(strategie.get_absolute_url())
    assert reponse.status_code == 302 and "connexion" in reponse.url


def test_la_page_de_la_region_montre_la_strategie_et_ses_priorites(client, strategie, dr_centre):
    page = client.get(region("17").get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert f"{strategie.titre} 2018-2022" in page and "Prendre le virage technologique." in page
    assert reverse("strategies:strategie_ajouter", args=["17"]) not in page
    client.force_login(dr_centre)
    assert reverse("strategies:strategie_ajouter", args=["17"]) in client.get(
        region("17").get_absolute_url()
    ).content.decode().replace("&#x27;", "'")


def test_la_dr_ajoute_et_modifie_une_priorite_par_les_pages(client, strategie, dr_centre, django_assert_max_num_queries):
    client.force_login(dr_centre)
    url = reverse("strategies:priorite_ajouter", args=[strategie.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    assert client.post(url, {"numero": 4, "titre": "Développer le tourisme", "territoire": "", "texte": ""}).status_code == 302
    nouvelle = strategie.priorites.get(numero=4)
    modifier = reverse("strategies:priorite_modifier", args=[nouvelle.pk])
    page = client.post(modifier, {"numero": 1, "titre": "Doublon", "territoire": "", "texte": ""})
    assert page.status_code == 200 and "déjà celui d'une autre priorité" in page.content.decode().replace("&#x27;", "'")
    nouvelle.refresh_from_db()
    assert nouvelle.numero == 4
    with django_assert_max_num_queries(15):
        page = client.get(strategie.get_absolute_url())
    assert "Priorité ajoutée" in page.content.decode().replace(
        "&#x27;", "'"
    ) and "Denise Régionale" in page.content.decode().replace("&#x27;", "'")


def test_une_strategie_se_cree_depuis_la_page_de_la_region(client, dr_centre):
    client.force_login(dr_centre)
    url = reverse("strategies:strategie_ajouter", args=["17"])
    reponse = client.post(url, {"titre": "Stratégie régionale", "debut": 2023, "fin": 2027})
    s = StrategieRegionale.objects.get(titre="Stratégie régionale")
    assert reponse.status_code == 302 and reponse.url == s.get_absolute_url() and s.region.code == "17"


def test_des_posts_forges_pour_une_autre_region_sont_refuses(client, strategie, dr_autre, coordination):
    priorite = strategie.priorites.get(numero=1)
    for qui in (dr_autre, coordination):
        client.force_login(qui)
        for url, donnees in [
            (reverse("strategies:strategie_ajouter", args=["17"]), {"titre": "X", "debut": 2023, "fin": 2027}),
            (reverse("strategies:strategie_modifier", args=[strategie.pk]), {"titre": "X", "debut": 2018, "fin": 2022}),
            (reverse("strategies:priorite_ajouter", args=[strategie.pk]), {"numero": 9, "titre": "X"}),
            (reverse("strategies:priorite_modifier", args=[priorite.pk]), {"numero": 1, "titre": "X"}),
        ]:
            reponse = client.post(url, donnees)
            assert reponse.status_code == 403, url
            assert "tenues par le Ministère" in reponse.content.decode().replace("&#x27;", "'")
    client.logout()
    assert client.post(reverse("strategies:priorite_modifier", args=[priorite.pk]), {"titre": "X"}).status_code == 302
    priorite.refresh_from_db()
    strategie.refresh_from_db()
    assert priorite.titre.startswith("Faire") and strategie.titre.startswith("Stratégie gouvernementale")
    assert StrategieRegionale.objects.count() == 1 and strategie.priorites.count() == 2


def test_la_regle_dit_pourquoi(strategie, dr_centre, dr_autre):
    assert verifier("plans.gerer_strategie", dr_centre, strategie).ok
    assert "direction régionale de la région" in str(verifier("plans.gerer_strategie", dr_autre, strategie).raison)


# --- Partners' action plans --------------------------------------------------------------------


def test_le_bureau_central_consigne_le_plan_d_investissement_quebec(plan_iq, strategie):
    action = plan_iq.actions.get()
    # The regions concerned: those chosen, and those of the priorities it answers.
    assert set(action.regions.values_list("code", flat=True)) == {"04", "17"}
    assert list(action.priorites.all()) == [strategie.priorites.get(numero=3)]
    assert plan_iq.history.get().history_change_reason == "Plan du partenaire créé"
    assert action.history.get().history_change_reason == "Action ajoutée"


@pytest.mark.parametrize("qui", ["dr_centre", "coordination"])
def test_seul_le_bureau_central_consigne_un_plan_de_partenaire(request, plan_iq, qui):
    par = request.getfixturevalue(qui)
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_plan_partenaire(plan_iq, par=par, donnees={"titre": "Autre"})
    assert "consignés par le bureau central du Ministère" in refus.value.message
    with pytest.raises(ActionRefusee, match="consignés par le bureau central du Ministère"):
        actions.enregistrer_action_partenaire(ActionPartenaire(plan=plan_iq), par=par, donnees={"numero": 2, "titre": "X"})
    plan_iq.refresh_from_db()
    assert plan_iq.titre == "Plan d'action régional" and plan_iq.actions.count() == 1


def test_une_priorite_d_une_autre_periode_ou_un_numero_pris_sont_refuses(plan_iq, central):
    ancienne = StrategieRegionaleFactory(region=region("17"), titre="Ancienne stratégie", debut=2010, fin=2014)
    vieille = PrioriteRegionaleFactory(strategie=ancienne, region=ancienne.region, numero=1)
    donnees = {"numero": 2, "titre": "Action", "indicateur": "I", "cible": "C", "priorites": [vieille]}
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_action_partenaire(ActionPartenaire(plan=plan_iq), par=central, donnees=donnees)
    assert refus.value.champ == "priorites" and "autre période que le plan (2018-2022)" in refus.value.message
    with pytest.raises(ActionRefusee) as refus:
        actions.enregistrer_action_partenaire(
            ActionPartenaire(plan=plan_iq), par=central, donnees={**donnees, "numero": 1, "priorites": []}
        )
    assert refus.value.champ == "numero"
    assert plan_iq.actions.count() == 1


def test_la_page_du_plan_est_publique_et_bornee_en_requetes(client, plan_iq, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        page = client.get(plan_iq.get_absolute_url())
    texte = page.content.decode().replace("&#x27;", "'")
    assert page.status_code == 200
    assert (
        "Soutenir les projets d'automatisation" in texte and "60 projets" in texte and "Prendre le virage technologique." in texte
    )
    assert "Mauricie" in texte and "Centre-du-Québec" in texte
    assert reverse("rapports:plan_partenaire", args=[plan_iq.pk]) in texte
    assert reverse("strategies:action_partenaire_ajouter", args=[plan_iq.pk]) not in texte
    with django_assert_max_num_queries(15):
        assert client.get(reverse("strategies:plans_partenaires")).status_code == 200


def test_le_bureau_central_ajoute_une_action_par_la_page(client, plan_iq, central, strategie, django_assert_max_num_queries):
    client.force_login(central)
    url = reverse("strategies:action_partenaire_ajouter", args=[plan_iq.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    priorite = strategie.priorites.get(numero=1)
    donnees = {"numero": 2, "titre": "Financer la relève", "indicateur": "Transferts", "cible": "40", "priorites": [priorite.pk]}
    assert client.post(url, donnees).status_code == 302
    action = plan_iq.actions.get(numero=2)
    assert list(action.regions.values_list("code", flat=True)) == ["17"]
    with django_assert_max_num_queries(15):
        page = client.get(plan_iq.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "Action ajoutée" in page


def test_des_posts_forges_sur_un_plan_de_partenaire_sont_refuses(client, plan_iq, dr_centre, iq):
    action = plan_iq.actions.get()
    client.force_login(dr_centre)
    for url, donnees in [
        (reverse("strategies:plan_partenaire_ajouter"), {"organisation": iq.pk, "titre": "X", "debut": 2018, "fin": 2022}),
        (
            reverse("strategies:plan_partenaire_modifier", args=[plan_iq.pk]),
            {"organisation": iq.pk, "titre": "X", "debut": 2018, "fin": 2022},
        ),
        (
            reverse("strategies:action_partenaire_ajouter", args=[plan_iq.pk]),
            {"numero": 5, "titre": "X", "indicateur": "I", "cible": "C"},
        ),
        (
            reverse("strategies:action_partenaire_modifier", args=[action.pk]),
            {"numero": 1, "titre": "X", "indicateur": "I", "cible": "C"},
        ),
    ]:
        reponse = client.post(url, donnees)
        assert reponse.status_code == 403 and "bureau central du Ministère" in reponse.content.decode().replace("&#x27;", "'")
    client.logout()
    assert client.post(reverse("strategies:plan_partenaire_ajouter"), {"titre": "X"}).status_code == 302
    plan_iq.refresh_from_db()
    action.refresh_from_db()
    assert (
        PlanPartenaire.objects.count() == 1 and plan_iq.titre == "Plan d'action régional" and action.titre.startswith("Soutenir")
    )


def test_une_valeur_forgee_est_refusee_a_cote_du_champ(client, plan_iq, central):
    client.force_login(central)
    url = reverse("strategies:action_partenaire_ajouter", args=[plan_iq.pk])
    page = client.post(
        url, {"numero": "abc", "titre": "X", "indicateur": "I", "cible": "C", "priorites": ["999999"], "regions": ["x"]}
    )
    assert page.status_code == 200 and plan_iq.actions.count() == 1
    assert client.get(reverse("strategies:plan_partenaire", args=[999999])).status_code == 404
