"""The Ministère's follow-up: states by region, lateness, reminders, year-over-year comparison."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bilans import actions
from bilans.models import BilanAnnuel, RappelBilan
from bilans.views import SuiviView
from noyau import horloge
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import CoordinationFactory, CreneauFactory, RegionFactory

APRES_ECHEANCE = datetime.date(EXERCICE + 1, 7, 15)  # 15 days after 30 June


def soumis(monde):
    b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    return actions.soumettre(pret_a_soumettre(b, monde.coordination), par=monde.coordination)


def test_suivi_reserve_au_ministere(client, monde):
    for qui in ("coordination", "membre", "sans_role"):
        client.force_login(getattr(monde, qui))
        assert client.get(reverse("bilans:suivi")).status_code == 403


def test_direction_regionale_voit_sa_region_le_central_tout(client, monde):
    soumis(monde)
    url = reverse("bilans:suivi") + f"?exercice={EXERCICE}"
    client.force_login(monde.dr)
    page = client.get(url).content.decode()
    assert "Meuble" in page and "Aliments santé" not in page
    assert "Soumis" in page
    client.force_login(monde.central)
    page = client.get(url).content.decode()
    assert "Meuble" in page and "Aliments santé" in page
    page = client.get(url + "&etat=non_commence").content.decode()
    assert "Meuble" not in page and "Aliments santé" in page


def test_retard_apres_l_echeance(client, monde, settings):
    client.force_login(monde.central)
    reponse = client.get(reverse("bilans:suivi") + f"?exercice={EXERCICE}")
    retards = {c.nom: c.retard for cs in reponse.context["par_region"].values() for c in cs}
    assert retards["Meuble"] > 0  # due 30 June 2026, not filed
    settings.BILAN_ECHEANCE = "12-31"
    reponse = client.get(reverse("bilans:suivi") + f"?exercice={EXERCICE + 1}")
    assert all(c.retard == 0 for cs in reponse.context["par_region"].values() for c in cs)


def creneaux_en_masse(n):
    for i in range(n):
        c = CreneauFactory(region_porteuse=RegionFactory(code=f"{i % 17 + 1:02d}"))
        coordination = CoordinationFactory(creneau=c).personne.user
        if i % 2:
            actions.ouvrir(c, par=coordination, exercice=EXERCICE)


@pytest.mark.parametrize("n", [5, 60])
def test_suivi_en_nombre_borne_de_requetes(client, monde, n, django_assert_max_num_queries):
    creneaux_en_masse(n)
    client.force_login(monde.central)
    with django_assert_max_num_queries(8):  # session, user, roles (3), regions, counts by state, the page
        reponse = client.get(reverse("bilans:suivi") + f"?exercice={EXERCICE}")
    assert sum(len(cs) for cs in reponse.context["par_region"].values()) == min(n + 2, 50)
    assert sum(nombre for _cle, _nom, nombre in reponse.context["comptes"]) == n + 2


def test_suivi_pagine_en_gardant_ses_filtres(client, monde, monkeypatch):
    """A page at a time, in the order of the regions then the names; the next page keeps the
    exercice and the filters, and the counts by state stay the whole selection's."""
    monkeypatch.setattr(SuiviView, "par_page", 10)
    creneaux_en_masse(20)  # 10 open their bilan
    client.force_login(monde.central)
    url = reverse("bilans:suivi") + f"?exercice={EXERCICE}&etat=non_commence"
    reponse = client.get(url)
    page = reponse.content.decode()
    assert f'href="?exercice={EXERCICE}&amp;etat=non_commence&amp;page=2"' in page and "Page 1 de 2" in page
    premiere = [c for cs in reponse.context["par_region"].values() for c in cs]
    assert len(premiere) == 10 and f'href="{reverse("bilans:creneau", args=[premiere[0].slug])}"' in page
    reponse = client.get(url + "&page=2")
    suite = [c for cs in reponse.context["par_region"].values() for c in cs]
    assert len(suite) == 2 and not {c.pk for c in premiere} & {c.pk for c in suite}  # 10 + Meuble and Aliments santé
    assert {cle: n for cle, _nom, n in reponse.context["comptes"]}["non_commence"] == 12
    assert reponse.context["en_retard"] == 12  # past the due date, none ever submitted
    # A row whose bilan is opened links to it.
    bilan = BilanAnnuel.objects.filter(exercice=EXERCICE).select_related("creneau").first()
    page = client.get(reverse("bilans:suivi") + f"?exercice={EXERCICE}&region={bilan.creneau.region_porteuse_id}").content
    assert f'href="{reverse("bilans:detail", args=[bilan.pk])}">{bilan.creneau.nom}</a>' in page.decode()


def test_rappels_une_fois_par_jour_aux_seules_coordinations_en_retard(monde, django_capture_on_commit_callbacks):
    soumis(monde)  # Meuble filed: no reminder
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_bilans", jour=APRES_ECHEANCE)
    assert [m.to for m in mail.outbox] == [[monde.coordination_autre.email]]
    assert "Rappel" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_bilans", jour=APRES_ECHEANCE)
    assert len(mail.outbox) == 1
    assert RappelBilan.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rappels_bilans", jour=APRES_ECHEANCE + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_pas_de_rappel_avant_l_echeance(monde):
    call_command("rappels_bilans", jour=datetime.date(EXERCICE + 1, 6, 30), exercice=EXERCICE)
    assert mail.outbox == [] and not RappelBilan.objects.exists()


def test_comparaison_d_une_annee_a_l_autre(client, monde):
    from bilans.models import ValeurIndicateur

    for ex, emplois in ((EXERCICE - 1, 8), (EXERCICE, 12)):
        b = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=ex)
        ValeurIndicateur.objects.filter(bilan=b, indicateur__code="emplois").update(valeur_saisie=emplois)
    client.force_login(monde.dr)
    reponse = client.get(reverse("bilans:comparaison", args=[monde.creneau.slug]))
    assert reponse.context["colonnes"] == ["2024-2025", "2025-2026"]
    emplois = next(lig for lig in reponse.context["lignes"] if lig["indicateur"].code == "emplois")
    assert [v.valeur for v in emplois["cellules"]] == [8, 12]
    client.force_login(monde.dr_autre_region)
    assert client.get(reverse("bilans:comparaison", args=[monde.creneau.slug])).status_code == 403


def test_mes_bilans_pour_la_coordination_et_les_membres(client, monde):
    actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    for qui in ("coordination", "membre"):
        client.force_login(getattr(monde, qui))
        page = client.get(reverse("bilans:mes_bilans")).content.decode()
        assert "Meuble" in page and "2025-2026" in page and "Aliments santé" not in page
    client.force_login(monde.sans_role)
    assert client.get(reverse("bilans:mes_bilans")).status_code == 403
    client.logout()
    assert client.get(reverse("bilans:mes_bilans")).status_code == 302


def test_la_tache_planifiee_rappelle_les_coordinations_en_retard(monde, django_capture_on_commit_callbacks):
    """Celery beat runs bilans.tasks.rappels_bilans every morning (accord/celery.py)."""
    from accord.celery import app
    from bilans.tasks import rappels_bilans

    assert app.conf.beat_schedule["rappels-bilans"]["task"] == rappels_bilans.name
    soumis(monde)
    moment = timezone.make_aware(datetime.datetime.combine(APRES_ECHEANCE, datetime.time(7)))
    with horloge.figee(moment), django_capture_on_commit_callbacks(execute=True):
        assert rappels_bilans.delay().get() == [monde.autre.nom]
    assert [m.to for m in mail.outbox] == [[monde.coordination_autre.email]]
