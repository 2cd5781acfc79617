"""A créneau's activities: recorded by its coordination from the fiche, public like the fiche;
the partnerships and projects they gave rise to; the bilan's activity indicators computed from
them (a value typed by the coordination still overrides, with its justification)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activites.models import Activite
from bilans import actions as bilans_actions
from bilans.models import ValeurIndicateur
from tests.factories import (
    ActionPlanFactory,
    ActiviteFactory,
    AffectationMinistereFactory,
    CoordinationFactory,
    CreneauFactory,
    OrganisationFactory,
    PartenariatFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db
EXERCICE = 2025


@pytest.fixture
def creneau():
    return CreneauFactory(nom="Meuble", slug="meuble", region_porteuse=region("17"))


@pytest.fixture
def coordination(creneau):
    return CoordinationFactory(creneau=creneau).personne.user


def _donnees(**autres):
    return {
        "type": "mission",
        "titre": "Mission à Bordeaux",
        "date": "2025-10-15",
        "lieu": "Bordeaux",
        "participants": "12",
    } | autres


def test_la_coordination_inscrit_une_activite_depuis_la_fiche(client, creneau, coordination, django_assert_max_num_queries):
    action = ActionPlanFactory(objectif__axe__plan__creneau=creneau, titre="Prospecter l'Europe")
    partenariat = PartenariatFactory(creneau=creneau, partenaire="Xylofutur")
    orgs = [OrganisationFactory(nom="Meubles Rhéal"), OrganisationFactory(nom="Cégep de Victoriaville")]
    client.force_login(coordination)
    fiche = client.get(creneau.get_absolute_url()).content.decode()
    assert reverse("activites:creneau", args=[creneau.slug]) in fiche
    page = client.get(reverse("activites:creneau", args=[creneau.slug])).content.decode()
    assert reverse("activites:ajouter", args=[creneau.slug]) in page
    reponse = client.post(
        reverse("activites:ajouter", args=[creneau.slug]),
        _donnees(action=action.pk, partenariats=[partenariat.pk], organisations=[o.pk for o in orgs]),
    )
    assert reponse.status_code == 302
    a = Activite.objects.get()
    assert (a.type, a.action, a.participants) == ("mission", action, 12)
    assert set(a.organisations.all()) == set(orgs) and list(a.partenariats.all()) == [partenariat]
    assert a.history.latest().history_user == coordination
    client.logout()  # public, like the fiche
    with django_assert_max_num_queries(10):
        page = client.get(reverse("activites:creneau", args=[creneau.slug])).content.decode()
    assert "Mission à Bordeaux" in page and "Bordeaux" in page and "Meubles Rhéal" in page
    assert "Prospecter l&#x27;Europe" in page and "Xylofutur" in page and "12 participants" in page


def test_une_activite_est_refusee_hors_de_la_coordination_du_creneau(client, creneau):
    autre_coordination = CoordinationFactory(creneau=CreneauFactory(region_porteuse=region("17"))).personne.user
    dr = AffectationMinistereFactory(region=region("17")).user
    url = reverse("activites:ajouter", args=[creneau.slug])
    for qui in (autre_coordination, dr, UserFactory()):
        client.force_login(qui)
        reponse = client.post(url, _donnees())
        assert reponse.status_code == 403
        assert "Seule la coordination du créneau inscrit ses activités." in reponse.content.decode()
    client.logout()
    assert client.post(url, _donnees()).status_code == 302  # to the login page
    assert not Activite.objects.exists()


def test_une_action_ou_un_partenariat_d_un_autre_creneau_est_refuse_a_cote_du_champ(client, creneau, coordination):
    autre = CreneauFactory(region_porteuse=region("17"))
    action_ailleurs = ActionPlanFactory(objectif__axe__plan__creneau=autre)
    partenariat_ailleurs = PartenariatFactory(creneau=autre)
    client.force_login(coordination)
    url = reverse("activites:ajouter", args=[creneau.slug])
    reponse = client.post(url, _donnees(action=action_ailleurs.pk))
    assert reponse.status_code == 200 and reponse.context["form"].errors["action"]
    reponse = client.post(url, _donnees(partenariats=[partenariat_ailleurs.pk]))
    assert reponse.context["form"].errors["partenariats"]
    reponse = client.post(url, _donnees(date="1850-01-01"))
    assert "La date doit être comprise entre" in " ".join(reponse.context["form"].errors["date"])
    assert not Activite.objects.exists()


def test_modifier_l_activite_d_un_autre_creneau_donne_404(client, creneau, coordination):
    ailleurs = ActiviteFactory()
    client.force_login(coordination)
    assert client.get(reverse("activites:modifier", args=[creneau.slug, ailleurs.pk])).status_code == 404


def test_les_indicateurs_d_activites_du_bilan_viennent_des_activites_inscrites(client, creneau, coordination):
    ActiviteFactory(creneau=creneau, date="2025-05-10", participants=30)
    ActiviteFactory(creneau=creneau, date="2026-03-31", participants=12, type=Activite.Type.SYMPOSIUM)
    ActiviteFactory(creneau=creneau, date="2026-04-01", participants=99)  # next exercice
    ActiviteFactory(date="2025-06-01", participants=500)  # another créneau
    bilan = bilans_actions.ouvrir(creneau, par=coordination, exercice=EXERCICE)
    valeurs = {v.indicateur.code: v for v in ValeurIndicateur.objects.filter(bilan=bilan).select_related("indicateur")}
    assert valeurs["activites"].valeur_calculee == Decimal(2)
    assert "2 activités inscrites du 2025-04-01 au 2026-03-31" in valeurs["activites"].source
    assert valeurs["participation-activites"].valeur_calculee == Decimal(42)
    # The coordination may still override a computed value, with its justification (existing rule).
    client.force_login(coordination)
    page = client.get(reverse("bilans:detail", args=[bilan.pk])).content.decode()
    assert "Activités organisées" in page


def test_un_projet_nomme_l_activite_dont_il_est_issu(client, creneau, coordination):
    from tests.factories import ProjetFactory

    activite = ActiviteFactory(creneau=creneau, titre="Symposium franco-québécois", type=Activite.Type.SYMPOSIUM)
    ailleurs = ActiviteFactory()
    projet = ProjetFactory(creneau=creneau, cree_par=coordination)
    client.force_login(coordination)
    url = reverse("projets:etape", args=[projet.pk, "description"])
    reponse = client.post(
        url, {"description": "Suite du symposium", "activite": ailleurs.pk, "version_lue": projet.version, "suite": "enregistrer"}
    )
    assert reponse.status_code == 200 and reponse.context["form"].errors["activite"]
    projet.refresh_from_db()
    client.post(
        url, {"description": "Suite du symposium", "activite": activite.pk, "version_lue": projet.version, "suite": "enregistrer"}
    )
    projet.refresh_from_db()
    assert projet.activite == activite
    page = client.get(projet.get_absolute_url()).content.decode()
    assert "Symposium franco-québécois" in page
