"""Every edit form carries the version it was read at: when someone changed the object meanwhile,
the second person gets the conflict message and nothing is overwritten — the créneau's fiche, a
comité, a mandate, a plan (its strategy and its elements) and a bilan (its sections and its rows)."""

import pytest
from django.urls import reverse

from bilans import actions as bilans
from bilans.models import BilanAnnuel
from creneaux import actions
from creneaux.models import Comite, Creneau
from plans import actions as plans
from plans.models import PlanAction
from tests.bilans.conftest import EXERCICE, monde  # noqa: F401
from tests.creneaux.test_formulaires import fiche

pytestmark = pytest.mark.django_db
CONFLIT = "modifié par quelqu'un d'autre depuis que vous l'avez ouvert"


def erreurs(reponse):
    return " ".join(reponse.context["form"].non_field_errors())


def test_la_fiche_du_creneau_perimee_n_ecrase_pas(client, creneau, coordination, dr_centre):
    client.force_login(coordination)
    url = reverse("creneaux:modifier", args=[creneau.slug])
    lue = fiche(creneau, vision="Vision de la coordination")
    actions.modifier_fiche(creneau, par=dr_centre, donnees={"vision": "Vision de la direction régionale"})
    reponse = client.post(url, lue)
    assert reponse.status_code == 200 and CONFLIT in erreurs(reponse)
    assert Creneau.objects.get(pk=creneau.pk).vision == "Vision de la direction régionale"
    assert client.post(url, fiche(Creneau.objects.get(pk=creneau.pk), vision="Relue")).status_code == 302


def test_le_comite_perime_n_ecrase_pas(client, comite, coordination, dr_centre):
    client.force_login(coordination)
    url = reverse("creneaux:comite_modifier", args=[comite.pk])
    lue = client.get(url).context["form"]["version_lue"].value()
    comite.nom = "Comité renommé par la DR"
    actions.enregistrer_comite(comite, par=dr_centre)
    reponse = client.post(url, {"type": "creneau", "nom": "Autre nom", "version_lue": lue})
    assert CONFLIT in erreurs(reponse)
    assert Comite.objects.get(pk=comite.pk).nom == "Comité renommé par la DR"


def test_la_strategie_et_les_elements_d_un_plan_perimes_n_ecrasent_pas(client, monde):  # noqa: F811
    client.force_login(monde.coordination)
    plan = monde.plan
    url = reverse("plans:modifier", args=[plan.pk])
    lue = client.get(url).context["form"]["version_lue"].value()
    action_url = reverse("plans:action_modifier", args=[monde.action.pk])
    action_lue = client.get(action_url).context["form"]["version_lue"].value()
    plans.modifier_plan(plan, par=monde.coordination, donnees={"vision": "Écrite dans un autre onglet"})
    donnees = {"debut": plan.debut.isoformat(), "fin": plan.fin.isoformat(), "vision": "Écrasée ?", "version_lue": lue}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and CONFLIT in erreurs(reponse)
    assert PlanAction.objects.get(pk=plan.pk).vision == "Écrite dans un autre onglet"
    reponse = client.post(action_url, {"numero": 1, "titre": "Titre écrasé ?", "version_lue": action_lue})
    assert CONFLIT in erreurs(reponse)
    monde.action.refresh_from_db()
    assert monde.action.titre == "Former 40 opérateurs CNC"


def test_un_bilan_perime_n_ecrase_pas(client, monde):  # noqa: F811
    bilan = bilans.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    client.force_login(monde.coordination)
    url = reverse("bilans:sections", args=[bilan.pk])
    lue = client.get(url).context["form"]["version_lue"].value()
    # Autosave: each answer gives the page the next version.
    reponse = client.post(url, {"faits_saillants": "Premier jet", "version_lue": lue}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200 and f'value="{lue + 1}"' in reponse.content.decode()
    assert 'data-hx-swap-oob="true"' in reponse.content.decode()
    # Another tab, read before: refused, the text typed first stays.
    reponse = client.post(url, {"faits_saillants": "Autre onglet", "version_lue": lue}, headers={"HX-Request": "true"})
    assert reponse.status_code == 409 and CONFLIT in reponse.content.decode()
    assert BilanAnnuel.objects.get(pk=bilan.pk).faits_saillants == "Premier jet"
    # The tables of rows too.
    page = reverse("bilans:programmation", args=[bilan.pk])
    assert f'name="version_lue" value="{lue + 1}"' in client.get(page).content.decode()
    lignes = list(bilan.programmations.all())
    donnees = {"version_lue": lue, "form-TOTAL_FORMS": len(lignes), "form-INITIAL_FORMS": len(lignes)}
    for i, p in enumerate(lignes):
        donnees |= {f"form-{i}-id": p.pk, f"form-{i}-commentaire": "Écrasé ?"}
    reponse = client.post(page, donnees)
    assert CONFLIT in reponse.content.decode().replace("&#x27;", "'")
    assert not bilan.programmations.filter(commentaire="Écrasé ?").exists()
