"""A bilan is not submitted while a required manual indicator is empty: the coordinator is told
which ones, next to each field of the indicators page, and nothing changes."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from bilans import actions
from bilans.models import Indicateur, Statut, ValeurIndicateur
from noyau.actions import ActionRefusee
from tests.bilans.conftest import EXERCICE, completer_indicateurs

# The manual indicators of the catalogue a bilan must report (activities and member companies are
# computed from what the portal records since issue 23).
OBLIGATOIRES = {"emplois", "formations", "participants-formations"}


@pytest.fixture
def bilan(monde):
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    return actions.enregistrer_sections(b, par=monde.coordination, faits_saillants="Une année de relance.")


def valeur(bilan, code):
    return ValeurIndicateur.objects.get(bilan=bilan, indicateur__code=code, detail="")


def etat(bilan):
    bilan.refresh_from_db()
    return (
        bilan.statut,
        bilan.statut_depuis,
        bilan.premiere_soumission,
        bilan.etapes.count(),
        list(bilan.valeurs.order_by("pk").values_list("valeur_saisie", "justification")),
    )


def test_le_catalogue_distingue_les_indicateurs_obligatoires(db):
    manuels = Indicateur.objects.filter(calcul="")
    assert set(manuels.filter(obligatoire=True).values_list("code", flat=True)) == OBLIGATOIRES
    assert not manuels.filter(obligatoire=False).exists()


def test_soumission_refusee_nomme_chaque_indicateur_vide_et_ne_change_rien(monde, bilan, django_capture_on_commit_callbacks):
    actions.enregistrer_indicateurs(bilan, par=monde.coordination, valeurs={valeur(bilan, "emplois").pk: {"valeur_saisie": 12}})
    avant = etat(bilan)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionRefusee) as refus:
        actions.soumettre(bilan, par=monde.coordination)
    assert refus.value.message == "Le bilan n'est pas soumis : 2 indicateurs obligatoires sont vides."
    manquants = {code: valeur(bilan, code).pk for code in OBLIGATOIRES - {"emplois"}}
    assert set(refus.value.erreurs) == {actions.champ_ligne("valeur_saisie", pk) for pk in manquants.values()}
    messages = refus.value.erreurs[actions.champ_ligne("valeur_saisie", manquants["formations"])]
    assert messages == ["« Formations offertes » : saisissez une valeur avant de soumettre le bilan (0 s'il n'y en a pas)."]
    assert etat(bilan) == avant
    assert avant[0] == Statut.BROUILLON and avant[2] is None
    assert mail.outbox == []


def test_zero_suffit_et_ni_le_facultatif_ni_les_calcules_ne_bloquent(monde, bilan):
    completer_indicateurs(bilan, monde.coordination, valeur=0)
    assert valeur(bilan, "entreprises-membres").valeur_saisie is None  # optional: left empty
    bilan = actions.soumettre(bilan, par=monde.coordination)
    assert bilan.statut == Statut.SOUMIS
    assert valeur(bilan, "formations").valeur_saisie == Decimal(0)


def test_un_indicateur_retire_du_catalogue_ou_rendu_facultatif_ne_bloque_plus(monde, bilan):
    completer_indicateurs(bilan, monde.coordination)
    ValeurIndicateur.objects.filter(bilan=bilan, indicateur__code__in=["emplois", "formations"]).update(valeur_saisie=None)
    Indicateur.objects.filter(code="emplois").update(actif=False)
    Indicateur.objects.filter(code="formations").update(obligatoire=False)
    assert actions.soumettre(bilan, par=monde.coordination).statut == Statut.SOUMIS


def test_a_reviser_la_regle_vaut_encore(monde, bilan):
    completer_indicateurs(bilan, monde.coordination)
    actions.soumettre(bilan, par=monde.coordination)
    actions.renvoyer(bilan, par=monde.dr, commentaire="Revoyez les formations.")
    actions.enregistrer_indicateurs(
        bilan, par=monde.coordination, valeurs={valeur(bilan, "formations").pk: {"valeur_saisie": None}}
    )
    with pytest.raises(ActionRefusee, match="1 indicateur obligatoire est vide"):
        actions.soumettre(bilan, par=monde.coordination)
    bilan.refresh_from_db()
    assert bilan.statut == Statut.A_REVISER


@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_les_autres_roles_restent_refuses_par_la_regle(monde, bilan, qui):
    avant = etat(bilan)
    with pytest.raises(ActionRefusee, match="Seule la coordination"):
        actions.soumettre(bilan, par=getattr(monde, qui))
    assert etat(bilan) == avant


def test_la_page_montre_le_message_a_cote_de_chaque_champ(client, monde, bilan):
    client.force_login(monde.coordination)
    avant = etat(bilan)
    reponse = client.post(reverse("bilans:soumettre", args=[bilan.pk]))
    url = reverse("bilans:indicateurs", args=[bilan.pk]) + "?soumission=1"
    assert reponse.status_code == 302 and reponse.url == url
    assert etat(bilan) == avant

    reponse = client.get(url)
    page = reponse.content.decode()
    assert "Le bilan n&#x27;est pas soumis : 3 indicateurs obligatoires sont vides." in page
    formset = reponse.context["formset"]
    signales = {f.ligne.indicateur.code: f for f in formset if f.errors}
    assert set(signales) == OBLIGATOIRES
    for form in signales.values():
        assert "saisissez une valeur avant de soumettre" in form.errors["valeur_saisie"][0]
        # next to the field: the message follows the input, in the same cell; the summary links to it
        champ = f'id="{form["valeur_saisie"].id_for_label}"'
        assert page.index(champ) < page.index(form.errors["valeur_saisie"][0].replace("'", "&#x27;"), page.index(champ))
        assert f'href="#{form["valeur_saisie"].id_for_label}"' in page
    assert page.count("is-invalid") >= len(OBLIGATOIRES)
    # Without a submission just refused, nothing is flagged.
    assert not any(f.errors for f in client.get(reverse("bilans:indicateurs", args=[bilan.pk])).context["formset"])


def test_une_fois_completes_la_soumission_passe_par_la_page(client, monde, bilan):
    client.force_login(monde.coordination)
    completer_indicateurs(bilan, monde.coordination, valeur=3)
    reponse = client.post(reverse("bilans:soumettre", args=[bilan.pk]))
    assert reponse.url == bilan.get_absolute_url()
    bilan.refresh_from_db()
    assert bilan.statut == Statut.SOUMIS


@pytest.mark.parametrize("qui", ["dr", "membre", "central", "coordination_autre", "sans_role"])
def test_page_refusee_aux_autres_roles(client, monde, bilan, qui):
    client.force_login(getattr(monde, qui))
    assert client.post(reverse("bilans:soumettre", args=[bilan.pk])).status_code == 403
    assert client.get(reverse("bilans:indicateurs", args=[bilan.pk]) + "?soumission=1").status_code == 403
    bilan.refresh_from_db()
    assert bilan.statut == Statut.BROUILLON


@pytest.mark.parametrize("n", [1, 20])
def test_page_des_indicateurs_signales_en_nombre_borne_de_requetes(client, monde, bilan, n, django_assert_max_num_queries):
    from tests.factories import ComiteFactory

    for i in range(n):  # each comité adds computed rows (meetings, attendance)
        ComiteFactory(creneau=monde.creneau, type="travail", nom=f"Comité de travail {i}")
    actions.recalculer(bilan, par=monde.coordination)
    client.force_login(monde.coordination)
    with django_assert_max_num_queries(14):
        reponse = client.get(reverse("bilans:indicateurs", args=[bilan.pk]) + "?soumission=1")
    assert reponse.status_code == 200 and "indicateurs-manquants" in reponse.content.decode()
