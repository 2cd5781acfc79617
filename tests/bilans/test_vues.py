"""Pages of the bilan: who may see and edit them, and what bad input does."""

import pytest
from django.urls import reverse

from bilans import actions
from bilans.models import ValeurIndicateur
from noyau.permissions import verifier
from tests.bilans.conftest import EXERCICE, pret_a_soumettre


@pytest.fixture
def bilan(monde):
    return actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)


def version(bilan):
    """The bilan's version as a page reads it now (its edit forms carry it)."""
    return type(bilan).objects.get(pk=bilan.pk).version


def formset_indicateurs(bilan, modifs):
    """POST data of the indicators page, rows unchanged except `modifs` {code: (valeur, justification)}."""
    lignes = list(bilan.valeurs.select_related("indicateur"))
    data = {"version_lue": version(bilan), "form-TOTAL_FORMS": len(lignes), "form-INITIAL_FORMS": len(lignes)}
    for i, v in enumerate(lignes):
        valeur, justification = modifs.get((v.indicateur.code, v.detail), ("", ""))
        data |= {f"form-{i}-id": v.pk, f"form-{i}-valeur_saisie": valeur, f"form-{i}-justification": justification}
    return data


def valeur(bilan, code, detail=""):
    return ValeurIndicateur.objects.get(bilan=bilan, indicateur__code=code, detail=detail)


PAGES_LECTURE = ["bilans:detail"]
PAGES_EDITION = ["bilans:sections", "bilans:indicateurs", "bilans:avancement", "bilans:programmation"]


@pytest.mark.parametrize("qui", ["coordination", "membre", "dr", "central"])
def test_lecture_permise(client, monde, bilan, qui):
    client.force_login(getattr(monde, qui))
    assert client.get(reverse("bilans:detail", args=[bilan.pk])).status_code == 200
    assert client.get(reverse("bilans:creneau", args=[monde.creneau.slug])).status_code == 200


@pytest.mark.parametrize("qui", ["coordination_autre", "dr_autre_region", "sans_role"])
def test_lecture_refusee(client, monde, bilan, qui):
    client.force_login(getattr(monde, qui))
    reponse = client.get(reverse("bilans:detail", args=[bilan.pk]))
    assert reponse.status_code == 403
    assert "réservés à la coordination" in reponse.content.decode()


def test_anonyme_redirige_vers_connexion(client, bilan):
    for nom in PAGES_LECTURE + PAGES_EDITION:
        reponse = client.get(reverse(nom, args=[bilan.pk]))
        assert reponse.status_code == 302 and "/comptes/" in reponse.url
    assert client.get(reverse("bilans:suivi")).status_code == 302


@pytest.mark.parametrize("qui", ["membre", "dr", "central", "coordination_autre"])
def test_edition_reservee_a_la_coordination(client, monde, bilan, qui):
    client.force_login(getattr(monde, qui))
    for nom in PAGES_EDITION:
        assert client.get(reverse(nom, args=[bilan.pk])).status_code == 403
    assert client.post(reverse("bilans:soumettre", args=[bilan.pk])).status_code == 403
    assert client.post(reverse("bilans:ouvrir", args=[monde.creneau.slug]), {"exercice": 2024}).status_code == 403


def test_coordination_ouvre_depuis_la_page_du_creneau(client, monde):
    client.force_login(monde.coordination)
    page = client.get(reverse("bilans:creneau", args=[monde.creneau.slug])).content.decode()
    assert "Ouvrir le bilan" in page
    reponse = client.post(reverse("bilans:ouvrir", args=[monde.creneau.slug]), {"exercice": EXERCICE})
    bilan = monde.creneau.bilans.get()
    assert reponse.url == bilan.get_absolute_url()
    page = client.get(reponse.url).content.decode()
    assert "Calculé : 0 réunion de « Comité de créneau Meuble » du 2025-04-01 au 2026-03-31" in page


def test_remplacer_une_valeur_calculee_exige_une_justification(client, monde, bilan):
    client.force_login(monde.coordination)
    url = reverse("bilans:indicateurs", args=[bilan.pk])
    cle = ("reunions-tenues", "Comité de créneau Meuble")
    reponse = client.post(url, formset_indicateurs(bilan, {cle: ("6", ""), ("emplois", ""): ("12", "")}))
    assert reponse.status_code == 200
    assert "Justifiez la valeur" in reponse.content.decode()
    assert valeur(bilan, "emplois").valeur_saisie is None  # nothing saved

    modifs = {cle: ("6", "Quatre réunions tenues hors portail."), ("emplois", ""): ("12", "")}
    reponse = client.post(url, formset_indicateurs(bilan, modifs))
    assert reponse.status_code == 302
    v = valeur(bilan, *cle)
    assert (v.valeur_calculee, v.valeur_saisie, v.justification) == (0, 6, "Quatre réunions tenues hors portail.")
    assert valeur(bilan, "emplois").valeur_saisie == 12
    page = client.get(bilan.get_absolute_url()).content.decode()
    assert "Remplacée" in page and "Quatre réunions tenues hors portail." in page


@pytest.mark.parametrize(
    ("saisie", "message"),
    [("-3", "supérieure ou égale à 0"), ("douze", "Saisissez un nombre"), ("2.5", "nombre entier")],
)
def test_saisie_invalide_refusee_sur_le_champ_rien_enregistre(client, monde, bilan, saisie, message):
    client.force_login(monde.coordination)
    data = formset_indicateurs(bilan, {("emplois", ""): (saisie, ""), ("formations", ""): ("4", "")})
    reponse = client.post(reverse("bilans:indicateurs", args=[bilan.pk]), data)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert valeur(bilan, "formations").valeur_saisie is None
    assert f'value="{saisie}"' in reponse.content.decode()  # what was typed is not lost


def test_montant_avec_cents_accepte(client, monde, bilan):
    client.force_login(monde.coordination)
    v = valeur(bilan, "aide-fsdce-accordee")
    data = formset_indicateurs(bilan, {("aide-fsdce-accordee", ""): ("1250.50", "Aide confirmée par lettre du Ministère")})
    assert client.post(reverse("bilans:indicateurs", args=[bilan.pk]), data).status_code == 302
    v.refresh_from_db()
    assert str(v.valeur_saisie) == "1250.50"


def test_sections_enregistrees_au_fil_de_la_saisie(client, monde, bilan):
    client.force_login(monde.coordination)
    url = reverse("bilans:sections", args=[bilan.pk])
    client.post(
        url, {"enjeu_innovation": "Trois vitrines technologiques.", "version_lue": version(bilan)}, headers={"HX-Request": "true"}
    )
    reponse = client.post(
        url, {"faits_saillants": "Année record.", "version_lue": version(bilan)}, headers={"HX-Request": "true"}
    )
    assert "Enregistré" in reponse.content.decode()
    bilan.refresh_from_db()
    assert bilan.faits_saillants == "Année record."
    assert bilan.sections.get(enjeu="innovation").texte == "Trois vitrines technologiques."


def test_avancement_hors_bornes_refuse(client, monde, bilan):
    client.force_login(monde.coordination)
    a = bilan.avancements.get()
    data = {
        "version_lue": version(bilan),
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": a.pk,
        "form-0-pourcentage": 140,
        "form-0-etat": "a_temps",
        "form-0-commentaire": "Bien avancé",
    }
    reponse = client.post(reverse("bilans:avancement", args=[bilan.pk]), data)
    assert "inférieure ou égale à 100" in reponse.content.decode()
    a.refresh_from_db()
    assert (a.pourcentage, a.commentaire) == (0, "")
    data["form-0-pourcentage"] = 60
    assert client.post(reverse("bilans:avancement", args=[bilan.pk]), data).status_code == 302
    a.refresh_from_db()
    assert a.pourcentage == 60


def test_programmation_puis_cible_montree_dans_le_bilan_suivant(client, monde, bilan):
    client.force_login(monde.coordination)
    p = bilan.programmations.get()
    data = {
        "version_lue": version(bilan),
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": p.pk,
        "form-0-retenue": "on",
        "form-0-cible": "",
    }
    reponse = client.post(reverse("bilans:programmation", args=[bilan.pk]), data)
    assert "Donnez la cible" in reponse.content.decode()
    data["form-0-cible"] = "25"
    assert client.post(reverse("bilans:programmation", args=[bilan.pk]), data).status_code == 302
    suivant = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE + 1)
    page = client.get(reverse("bilans:avancement", args=[suivant.pk])).content.decode()
    assert "25" in page
    assert client.get(suivant.get_absolute_url()).context["avancements"][0].programmee.cible == 25


def test_edition_refusee_apres_acceptation(client, monde, bilan):
    bilan = pret_a_soumettre(bilan, monde.coordination)
    actions.soumettre(bilan, par=monde.coordination)
    client.force_login(monde.coordination)
    assert client.get(reverse("bilans:indicateurs", args=[bilan.pk])).status_code == 403  # soumis
    actions.accepter(bilan, par=monde.dr)
    for nom in PAGES_EDITION:
        reponse = client.get(reverse(nom, args=[bilan.pk]))
        assert reponse.status_code == 403
        assert "figé" in reponse.content.decode()
    data = formset_indicateurs(bilan, {("emplois", ""): ("3", "")})
    reponse = client.post(reverse("bilans:indicateurs", args=[bilan.pk]), data)
    assert reponse.status_code == 403
    assert valeur(bilan, "emplois").valeur_saisie == 0  # as typed before submission
    assert client.post(reverse("bilans:recalculer", args=[bilan.pk])).status_code == 403
    bilan.refresh_from_db()
    assert verifier("bilans.modifier", monde.coordination, bilan).raison == "Le bilan accepté est figé : il ne se modifie plus."


def test_validation_par_la_page(client, monde, bilan):
    bilan = pret_a_soumettre(bilan, monde.coordination)
    client.force_login(monde.coordination)
    client.post(reverse("bilans:soumettre", args=[bilan.pk]))
    client.force_login(monde.dr)
    page = client.get(bilan.get_absolute_url()).content.decode()
    assert "Renvoyer pour révision" in page
    reponse = client.post(reverse("bilans:valider", args=[bilan.pk]), {"renvoyer": "1", "commentaire": ""})
    bilan.refresh_from_db()
    assert bilan.statut == "soumis"
    client.post(reverse("bilans:valider", args=[bilan.pk]), {"renvoyer": "1", "commentaire": "Ajoutez les emplois."})
    bilan.refresh_from_db()
    assert bilan.statut == "a_reviser"
    client.force_login(monde.dr_autre_region)
    reponse = client.post(reverse("bilans:valider", args=[bilan.pk]), {"accepter": "1"})
    assert reponse.status_code == 403


def test_a_traiter(client, monde, bilan):
    from portail.a_traiter import taches_de

    assert [t.quoi.split(" · ")[0] for t in taches_de(monde.coordination)] == ["Compléter et soumettre le bilan annuel"]
    assert taches_de(monde.dr) == []
    bilan = pret_a_soumettre(bilan, monde.coordination)
    actions.soumettre(bilan, par=monde.coordination)
    assert [t.url for t in taches_de(monde.dr)] == [bilan.get_absolute_url()]
    assert taches_de(monde.dr_autre_region) == []
    assert taches_de(monde.coordination) == []


@pytest.mark.parametrize("n", [5, 50])
def test_ouverture_et_page_du_bilan_en_nombre_borne_de_requetes(
    client, monde, n, django_assert_max_num_queries, django_assert_num_queries
):
    from tests.factories import ActionPlanFactory, ReunionFactory

    for _ in range(n):
        ActionPlanFactory(objectif=monde.action.objectif)
        ReunionFactory(comite=monde.comite)
    with django_assert_num_queries(30):  # the créneau's row is locked while its bilan opens
        bilan = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    assert bilan.avancements.count() == n + 1
    client.force_login(monde.coordination)
    with django_assert_max_num_queries(15):
        client.get(bilan.get_absolute_url())
    with django_assert_max_num_queries(15):
        client.get(reverse("bilans:avancement", args=[bilan.pk]))


def test_saisie_automatique_refusee_si_le_bilan_a_ete_soumis_entre_temps(client, monde, bilan):
    client.force_login(monde.coordination)
    url = reverse("bilans:sections", args=[bilan.pk])
    assert client.get(url).status_code == 200
    bilan = pret_a_soumettre(bilan, monde.coordination)
    actions.soumettre(bilan, par=monde.coordination)
    reponse = client.post(url, {"faits_saillants": "Réécrit après soumission"}, headers={"HX-Request": "true"})
    assert reponse.status_code == 403
    bilan.refresh_from_db()
    assert bilan.faits_saillants == "Faits"


def etat(bilan):
    return (
        list(bilan.valeurs.order_by("pk").values_list("pk", "valeur_saisie", "justification")),
        list(bilan.avancements.order_by("pk").values_list("pk", "pourcentage", "etat", "commentaire")),
    )


def test_lignes_forgees_refusees_sans_erreur_ni_changement(client, monde, bilan):
    """Another bilan's row ids, or rows added to the post: a clear form error, never a 500, nothing saved."""
    precedent = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE - 1)
    avant = etat(bilan), etat(precedent)
    client.force_login(monde.coordination)
    url = reverse("bilans:indicateurs", args=[bilan.pk])

    data = formset_indicateurs(bilan, {("emplois", ""): ("12", "")})
    data["form-0-id"] = valeur(precedent, "emplois").pk
    autre_ligne = formset_indicateurs(bilan, {("emplois", ""): ("12", "")})
    n = autre_ligne["form-TOTAL_FORMS"]
    en_trop = autre_ligne | {
        "version_lue": version(bilan),
        "form-TOTAL_FORMS": n + 1,
        "form-INITIAL_FORMS": n + 1,
        f"form-{n}-id": valeur(precedent, "formations").pk,
        f"form-{n}-valeur_saisie": "9",
        f"form-{n}-justification": "",
    }
    a = bilan.avancements.get()
    avancement = {
        "version_lue": version(bilan),
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": precedent.avancements.get().pk,
        "form-0-pourcentage": 90,
        "form-0-etat": "a_temps",
        "form-0-commentaire": "Forgé",
    }
    sans_ligne = {"version_lue": version(bilan), "form-TOTAL_FORMS": 0, "form-INITIAL_FORMS": 0}
    for page, donnees in [
        ("bilans:indicateurs", data),
        ("bilans:indicateurs", en_trop),
        ("bilans:indicateurs", sans_ligne),
        ("bilans:avancement", avancement),
        (
            "bilans:avancement",
            avancement | {"form-0-id": a.pk, "version_lue": version(bilan), "form-TOTAL_FORMS": 2, "form-1-id": a.pk},
        ),
        ("bilans:avancement", avancement | {"form-0-id": "abc"}),
    ]:
        reponse = client.post(reverse(page, args=[bilan.pk]), donnees)
        assert reponse.status_code == 200, (page, donnees)
        assert "ne correspond pas aux lignes de ce bilan" in reponse.content.decode(), (page, donnees)
    assert client.post(url, {}).status_code == 200
    assert (etat(bilan), etat(precedent)) == avant


def test_ouverture_refusee_montree_a_cote_du_champ(client, monde, bilan):
    client.force_login(monde.coordination)
    reponse = client.post(reverse("bilans:ouvrir", args=[monde.creneau.slug]), {"exercice": EXERCICE})
    assert reponse.status_code == 200  # already opened: no longer a choice
    assert reponse.context["form"].errors["exercice"]
    assert monde.creneau.bilans.count() == 1


def test_renvoi_sans_commentaire_montre_a_cote_du_champ(client, monde, bilan):
    bilan = pret_a_soumettre(bilan, monde.coordination)
    actions.soumettre(bilan, par=monde.coordination)
    client.force_login(monde.dr)
    reponse = client.post(reverse("bilans:valider", args=[bilan.pk]), {"renvoyer": "1", "commentaire": " "})
    assert reponse.status_code == 200
    assert reponse.context["validation"].errors["commentaire"] == ["Indiquez ce que la coordination doit réviser."]
    bilan.refresh_from_db()
    assert bilan.statut == "soumis"
