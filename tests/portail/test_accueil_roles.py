"""Once logged in, the home page shows the user's roles and links to what they reach."""

import pytest
from django.urls import reverse

from creneaux.models import Mandat
from tests.factories import (
    AffectationMinistereFactory,
    ComiteFactory,
    CoordinationFactory,
    MandatFactory,
    PersonneFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


def accueil(client, user):
    client.force_login(user)
    return client.get(reverse("portail:accueil")).content.decode()


def test_la_coordination_voit_son_creneau_et_le_lien_pour_modifier_sa_fiche(client):
    coordination = CoordinationFactory(creneau__nom="Meuble", creneau__slug="meuble-accueil")
    page = accueil(client, coordination.personne.user)
    assert "Coordination de créneau" in page
    assert reverse("creneaux:fiche", args=["meuble-accueil"]) in page
    assert reverse("creneaux:modifier", args=["meuble-accueil"]) in page
    assert "À traiter" in page


def test_le_membre_voit_son_comite_et_son_creneau_sans_lien_de_modification(client):
    comite = ComiteFactory(creneau__slug="meuble")
    membre = MandatFactory(comite=comite, role=Mandat.Role.MEMBRE, personne=PersonneFactory(avec_compte=True)).personne.user
    page = accueil(client, membre)
    assert "Membre de comité" in page
    assert comite.get_absolute_url() in page and comite.creneau.get_absolute_url() in page
    assert reverse("creneaux:modifier", args=["meuble"]) not in page


def test_la_direction_regionale_voit_sa_region(client):
    page = accueil(client, AffectationMinistereFactory(region=region("01")).user)
    assert "Ministère – direction régionale" in page and region("01").get_absolute_url() in page


def test_l_administrateur_a_le_lien_vers_l_admin(client):
    page = accueil(client, UserFactory(is_staff=True, is_superuser=True))
    assert "Administration" in page and reverse("admin:index") in page


def test_sans_role_on_est_invite_a_consulter_l_annuaire(client):
    page = accueil(client, UserFactory())
    assert "Aucun rôle actif" in page and reverse("creneaux:annuaire") in page
