"""The progress of an action of the plan records what it achieved against its target (« atteint /
cible »), typed on the progress page, shown on the bilan and printed on its PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bilans import actions
from bilans.models import AvancementAction
from noyau.actions import ActionRefusee
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import ActionPlanFactory
from tests.rapports.conftest import lire_pdf


@pytest.fixture
def sans_cible(monde):
    """An action with neither indicator nor target: nothing to measure."""
    return ActionPlanFactory(objectif=monde.action.objectif, titre="Animer le réseau", indicateur="", cible=None)


@pytest.fixture
def bilan(monde, sans_cible):
    return actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)


def version(bilan):
    """The bilan's version as a page reads it now (its edit forms carry it)."""
    return type(bilan).objects.get(pk=bilan.pk).version


def ligne(bilan, action):
    return AvancementAction.objects.get(bilan=bilan, action=action)


def formset_avancement(bilan, modifs):
    """POST data of the progress page, rows unchanged except `modifs` {action: {field: value}}."""
    lignes = list(bilan.avancements.select_related("action"))
    data = {"version_lue": version(bilan), "form-TOTAL_FORMS": len(lignes), "form-INITIAL_FORMS": len(lignes)}
    for i, a in enumerate(lignes):
        valeurs = {"pourcentage": a.pourcentage, "etat": a.etat, "commentaire": a.commentaire}
        if a.mesurable:
            valeurs["valeur_atteinte"] = "" if a.valeur_atteinte is None else a.valeur_atteinte
        valeurs |= modifs.get(a.action, {})
        data |= {f"form-{i}-id": a.pk, **{f"form-{i}-{k}": v for k, v in valeurs.items()}}
    return data


def test_la_coordination_saisit_la_valeur_atteinte_et_la_voit_face_a_la_cible(client, monde, bilan, sans_cible):
    client.force_login(monde.coordination)
    url = reverse("bilans:avancement", args=[bilan.pk])
    page = client.get(url)
    formulaires = {f.ligne.action: f for f in page.context["formset"]}
    assert "valeur_atteinte" in formulaires[monde.action].fields
    assert "valeur_atteinte" not in formulaires[sans_cible].fields  # nothing to measure
    assert "ni indicateur ni cible" in page.content.decode()

    data = formset_avancement(bilan, {monde.action: {"pourcentage": 60, "valeur_atteinte": "12"}})
    reponse = client.post(url, data)
    assert reponse.status_code == 302
    a = ligne(bilan, monde.action)
    assert (a.pourcentage, a.valeur_atteinte) == (60, Decimal(12))
    assert ligne(bilan, sans_cible).valeur_atteinte is None

    page = client.get(bilan.get_absolute_url()).content.decode()
    assert "Atteint / cible : 12 / 20" in page
    assert page.count("atteint-cible") == 1  # not for the action without a target


def test_valeur_decimale_montree_avec_ses_decimales(client, monde, bilan):
    actions.enregistrer_avancement(
        bilan, par=monde.coordination, avancements={ligne(bilan, monde.action).pk: {"valeur_atteinte": Decimal("2.5")}}
    )
    client.force_login(monde.membre)
    assert "Atteint / cible : 2,50 / 20" in client.get(bilan.get_absolute_url()).content.decode()


def test_valeur_invalide_signalee_a_cote_du_champ_rien_n_est_enregistre(client, monde, bilan):
    client.force_login(monde.coordination)
    data = formset_avancement(bilan, {monde.action: {"pourcentage": 70, "valeur_atteinte": "douze"}})
    reponse = client.post(reverse("bilans:avancement", args=[bilan.pk]), data)
    assert reponse.status_code == 200
    form = next(f for f in reponse.context["formset"] if f.ligne.action == monde.action)
    assert form.errors["valeur_atteinte"] == ["Saisissez un nombre."]
    a = ligne(bilan, monde.action)
    assert (a.pourcentage, a.valeur_atteinte) == (0, None)


def test_pas_de_valeur_atteinte_pour_une_action_sans_indicateur_ni_cible(monde, bilan, sans_cible):
    avant = list(bilan.avancements.values_list("pk", "pourcentage", "valeur_atteinte"))
    with pytest.raises(ActionRefusee, match="ni indicateur ni cible"):
        actions.enregistrer_avancement(
            bilan,
            par=monde.coordination,
            avancements={
                ligne(bilan, monde.action).pk: {"pourcentage": 50, "valeur_atteinte": Decimal(10)},
                ligne(bilan, sans_cible).pk: {"pourcentage": 50, "valeur_atteinte": Decimal(3)},
            },
        )
    assert list(bilan.avancements.values_list("pk", "pourcentage", "valeur_atteinte")) == avant


@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_saisie_reservee_a_la_coordination(client, monde, bilan, qui):
    with pytest.raises(ActionRefusee, match="Seule la coordination du créneau ouvre ses bilans"):
        actions.enregistrer_avancement(
            bilan, par=getattr(monde, qui), avancements={ligne(bilan, monde.action).pk: {"valeur_atteinte": Decimal(5)}}
        )
    client.force_login(getattr(monde, qui))
    url = reverse("bilans:avancement", args=[bilan.pk])
    assert client.post(url, formset_avancement(bilan, {monde.action: {"valeur_atteinte": "5"}})).status_code == 403
    assert ligne(bilan, monde.action).valeur_atteinte is None


def test_valeur_atteinte_figee_a_l_acceptation_et_imprimee(client, monde, bilan):
    actions.enregistrer_avancement(
        bilan,
        par=monde.coordination,
        avancements={ligne(bilan, monde.action).pk: {"pourcentage": 75, "valeur_atteinte": Decimal(15)}},
    )
    actions.soumettre(pret_a_soumettre(bilan, monde.coordination), par=monde.coordination)
    client.force_login(monde.dr)
    texte, _, _ = lire_pdf(client.get(reverse("rapports:bilan", args=[bilan.pk])))
    assert "75 %" in texte and "atteint / cible : 15 / 20" in texte
    bilan = actions.accepter(bilan, par=monde.dr)
    figee = next(a for a in bilan.instantane["avancements"] if a["action"] == monde.action.titre)
    assert (figee["valeur_atteinte"], figee["cible"]) == ("15.00", "20.00")


@pytest.mark.parametrize("n", [3, 30])
def test_pages_d_avancement_en_nombre_borne_de_requetes(client, monde, n, django_assert_max_num_queries):
    for _ in range(n):
        ActionPlanFactory(objectif=monde.action.objectif)
    bilan = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    actions.enregistrer_avancement(
        bilan,
        par=monde.coordination,
        avancements={a.pk: {"valeur_atteinte": Decimal(i)} for i, a in enumerate(bilan.avancements.all())},
    )
    client.force_login(monde.coordination)
    with django_assert_max_num_queries(15):
        assert client.get(bilan.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("bilans:avancement", args=[bilan.pk])).status_code == 200
    data = formset_avancement(bilan, {})
    with django_assert_max_num_queries(20):
        assert client.post(reverse("bilans:avancement", args=[bilan.pk]), data).status_code == 302
