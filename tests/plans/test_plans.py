"""A créneau's stratégie et plan d'action: read by its comités and the Ministère, edited by its coordination."""

import datetime

import pytest
from django.urls import reverse

from bilans import actions as bilans_actions
from plans.models import Action, PlanAction
from tests.bilans.conftest import EXERCICE
from tests.factories import EntenteFactory, ProjetFactory


@pytest.mark.parametrize("qui", ["coordination", "membre", "dr", "central"])
def test_lecture_permise(client, monde, qui):
    ProjetFactory(creneau=monde.creneau, action=monde.action, numero="FSDCE-17-2025-26-001", budget=False)
    client.force_login(getattr(monde, qui))
    page = client.get(reverse("plans:detail", args=[monde.plan.pk])).content.decode()
    assert "Former 40 opérateurs CNC" in page
    assert "FSDCE-17-2025-26-001" in page  # the project that carries the action out
    assert client.get(reverse("plans:creneau", args=[monde.creneau.slug])).status_code == 200


@pytest.mark.parametrize("qui", ["coordination_autre", "dr_autre_region", "sans_role"])
def test_lecture_refusee(client, monde, qui):
    client.force_login(getattr(monde, qui))
    assert client.get(reverse("plans:detail", args=[monde.plan.pk])).status_code == 403


def test_anonyme_redirige(client, monde):
    assert client.get(reverse("plans:detail", args=[monde.plan.pk])).status_code == 302
    assert client.get(reverse("plans:creer", args=[monde.creneau.slug])).status_code == 302


@pytest.mark.parametrize("qui", ["membre", "dr", "central", "coordination_autre"])
def test_edition_reservee_a_la_coordination(client, monde, qui):
    client.force_login(getattr(monde, qui))
    assert client.get(reverse("plans:modifier", args=[monde.plan.pk])).status_code == 403
    assert client.post(reverse("plans:axe_ajouter", args=[monde.plan.pk]), {"numero": 9, "titre": "X"}).status_code == 403
    assert client.post(reverse("plans:action_supprimer", args=[monde.action.pk])).status_code == 403
    assert Action.objects.filter(pk=monde.action.pk).exists()


def test_coordination_construit_son_plan(client, monde):
    client.force_login(monde.coordination)
    reponse = client.post(
        reverse("plans:creer", args=[monde.creneau.slug]),
        {"debut": "2029-04-01", "fin": "2034-03-31", "vision": "Leader du meuble durable", "mission": "Mobiliser"},
    )
    plan = PlanAction.objects.get(debut=datetime.date(2029, 4, 1))
    assert reponse.url == plan.get_absolute_url()
    client.post(reverse("plans:axe_ajouter", args=[plan.pk]), {"numero": 1, "titre": "Main-d'œuvre"})
    axe = plan.axes.get()
    reponse = client.post(reverse("plans:axe_ajouter", args=[plan.pk]), {"numero": 1, "titre": "Doublon"})
    assert "Ce numéro est déjà utilisé." in reponse.content.decode()
    client.post(reverse("plans:objectif_ajouter", args=[axe.pk]), {"numero": 1, "titre": "Attirer la relève"})
    objectif = axe.objectifs.get()
    client.post(
        reverse("plans:action_ajouter", args=[objectif.pk]),
        {"numero": 1, "titre": "Salon de l'emploi", "responsable": "Cégep", "indicateur": "Participants", "cible": "300"},
    )
    assert objectif.actions.get().cible == 300
    reponse = client.get(reverse("plans:action_ajouter", args=[objectif.pk]))
    assert reponse.context["form"].initial["numero"] == 2
    # Every step went through plans.actions: one history row each, naming the coordinator.
    for obj in (plan, axe, objectif, objectif.actions.get()):
        assert [(h.history_type, h.history_user) for h in obj.history.all()] == [("+", monde.coordination)]


def test_periode_incoherente_refusee(client, monde):
    client.force_login(monde.coordination)
    reponse = client.post(reverse("plans:modifier", args=[monde.plan.pk]), {"debut": "2029-04-01", "fin": "2024-03-31"})
    assert reponse.status_code == 200
    monde.plan.refresh_from_db()
    assert monde.plan.debut == datetime.date(2024, 4, 1)


def test_la_coordination_n_approuve_pas_son_plan_elle_meme(client, monde):
    """No page records an adoption: the former approval page is gone, a forged POST finds nothing,
    and the plan's page says it is adopted in séance."""
    client.force_login(monde.coordination)
    avant = PlanAction.objects.filter(pk=monde.plan.pk).values_list("statut", "adopte_par", "adopte_le").get()
    reponse = client.post(f"/plans/{monde.plan.pk}/approuver/", {"comite": monde.comite.pk, "adopte_le": "2001-01-01"})
    assert reponse.status_code == 404
    assert PlanAction.objects.filter(pk=monde.plan.pk).values_list("statut", "adopte_par", "adopte_le").get() == avant
    page = client.get(reverse("plans:detail", args=[monde.plan.pk])).content.decode()
    assert "Le plan s’adopte en séance par le comité du créneau" in page and "Enregistrer l’approbation" not in page


def test_action_suivie_dans_un_bilan_ne_se_supprime_pas(client, monde):
    bilans_actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    client.force_login(monde.coordination)
    reponse = client.post(reverse("plans:action_supprimer", args=[monde.action.pk]), follow=True)
    assert "un bilan annuel rend compte de cette action" in reponse.content.decode()
    assert Action.objects.filter(pk=monde.action.pk).exists()


def test_plan_en_nombre_borne_de_requetes(client, monde, django_assert_max_num_queries):
    from tests.factories import ActionPlanFactory

    client.force_login(monde.membre)
    url = reverse("plans:detail", args=[monde.plan.pk])
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(20):
        ActionPlanFactory(objectif__axe__plan=monde.plan)
    with django_assert_max_num_queries(12):
        client.get(url)


@pytest.mark.parametrize("nombre", [2, 20])
def test_le_formulaire_du_plan_offre_ses_ententes_en_un_nombre_constant_de_requetes(
    client, monde, django_assert_max_num_queries, nombre
):
    """Each entente offered is named with its créneau and region, read with it (8 at most: 6 are
    the session, the user and their roles)."""
    ententes = [EntenteFactory(creneau=monde.creneau) for _i in range(nombre)]
    client.force_login(monde.coordination)
    for url in (reverse("plans:creer", args=[monde.creneau.slug]), reverse("plans:modifier", args=[monde.plan.pk])):
        with django_assert_max_num_queries(8, info=url):
            page = client.get(url).content.decode()
        assert page.count(str(ententes[-1])) == nombre


def test_annuler_ramene_a_la_page_de_ce_qui_est_modifie(client, monde):
    """« Annuler » is a plain link (the CSP forbids javascript: URLs): to the plan, or to the créneau."""
    client.force_login(monde.coordination)
    plan = monde.plan.get_absolute_url()
    for url, retour in (
        (reverse("plans:modifier", args=[monde.plan.pk]), plan),
        (reverse("plans:action_modifier", args=[monde.action.pk]), plan),
        (reverse("plans:creer", args=[monde.creneau.slug]), monde.creneau.get_absolute_url()),
    ):
        page = client.get(url).content.decode()
        assert f'href="{retour}">Annuler</a>' in page and "javascript:" not in page
