"""Every model of regions, creneaux and comptes is in the Django admin, searchable and filterable."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from comptes.models import AffectationMinistere
from tests.factories import UserFactory, creneau_complet

pytestmark = pytest.mark.django_db

APPS = ("regions", "creneaux", "comptes")


def modeles():
    return [m for app in APPS for m in apps.get_app_config(app).get_models() if not m.__name__.startswith("Historical")]


def test_chaque_modele_est_dans_l_admin_avec_recherche_et_filtres():
    for modele in modeles():
        assert modele in admin.site._registry, modele
        modele_admin = admin.site._registry[modele]
        assert modele_admin.search_fields and modele_admin.list_filter, modele


def test_les_listes_et_fiches_de_l_admin_s_affichent(client):
    creneau = creneau_complet()
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    AffectationMinistere.objects.create(user=admin_user, niveau="central", debut="2024-01-01")
    client.force_login(admin_user)
    for modele in modeles():
        info = (modele._meta.app_label, modele._meta.model_name)
        liste = reverse("admin:{}_{}_changelist".format(*info))
        assert client.get(liste, {"q": "a"}).status_code == 200, liste
        objet = modele.objects.first()
        if objet:
            assert client.get(reverse("admin:{}_{}_change".format(*info), args=[objet.pk])).status_code == 200, modele
    assert creneau.nom in client.get(reverse("admin:creneaux_creneau_changelist")).content.decode()


def test_seul_l_administrateur_entre_dans_l_admin(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:index")).status_code == 302


def test_l_historique_des_modeles_suivis_s_affiche_dans_l_admin(client):
    creneau = creneau_complet()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for modele in modeles():
        if hasattr(modele, "history") and (objet := modele.objects.first()):
            info = (modele._meta.app_label, modele._meta.model_name)
            assert client.get(reverse("admin:{}_{}_history".format(*info), args=[objet.pk])).status_code == 200, modele
    assert creneau.nom in client.get(reverse("admin:creneaux_creneau_history", args=[creneau.pk])).content.decode()
