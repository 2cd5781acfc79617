"""A partnership's maturity over time, dated, on the créneau's public fiche."""

import datetime

from django.urls import reverse
from django.utils import timezone

from creneaux.models import Coordination, PartenariatInternational
from noyau import horloge
from tests.pages import page_et_fragments


def _le(jour):
    return horloge.figee(timezone.make_aware(datetime.datetime.combine(jour, datetime.time(10))))


def _coordination_depuis_2020(creneau):
    Coordination.objects.filter(creneau=creneau).update(debut=datetime.date(2020, 1, 1))


def test_la_fiche_date_chaque_changement_de_maturite(client, creneau, coordination, django_assert_max_num_queries):
    _coordination_depuis_2020(creneau)
    client.force_login(coordination)
    donnees = {"partenaire": "Xylofutur", "pays": "France", "type": "pole", "maturite": "1"}
    with _le(datetime.date(2024, 3, 12)):
        client.post(reverse("creneaux:partenariat_ajouter", args=[creneau.slug]), donnees)
    partenariat = PartenariatInternational.objects.get(creneau=creneau)
    modifier = reverse("creneaux:partenariat_modifier", args=[creneau.slug, partenariat.pk])
    with _le(datetime.date(2025, 6, 3)):
        client.post(modifier, donnees | {"maturite": "2", "description": "Mission à Bordeaux"})
    with _le(datetime.date(2025, 9, 1)):
        client.post(modifier, donnees | {"maturite": "2", "description": "Mission à Bordeaux, suivie"})  # same maturity
    with _le(datetime.date(2026, 2, 20)):
        client.post(modifier, donnees | {"maturite": "4"})
    client.logout()  # the fiche is public
    with django_assert_max_num_queries(12):
        page = client.get(reverse("creneaux:fiche_partenaires", args=[creneau.slug]), HTTP_HX_REQUEST="true").content.decode()
    assert "Exploration · 12 mars 2024" in page
    assert "Démarrage · 3 juin 2025" in page
    assert "Consolidé · 20 février 2026" in page
    assert "1 septembre 2025" not in page  # a change that kept the maturity is no step


def test_un_partenariat_jamais_change_dit_depuis_quand(client, creneau, coordination):
    _coordination_depuis_2020(creneau)
    client.force_login(coordination)
    with _le(datetime.date(2024, 3, 12)):
        client.post(
            reverse("creneaux:partenariat_ajouter", args=[creneau.slug]),
            {"partenaire": "Xylofutur", "pays": "France", "type": "pole", "maturite": "3"},
        )
    assert "depuis le 12 mars 2024" in page_et_fragments(client, creneau.get_absolute_url())


def test_une_autre_coordination_ne_change_pas_la_maturite(client, creneau, coordination_autre):
    from tests.factories import PartenariatFactory

    partenariat = PartenariatFactory(creneau=creneau, maturite=1)
    client.force_login(coordination_autre)
    url = reverse("creneaux:partenariat_modifier", args=[creneau.slug, partenariat.pk])
    reponse = client.post(url, {"partenaire": "X", "pays": "France", "type": "pole", "maturite": "4"})
    assert reponse.status_code == 403
    assert "coordination" in reponse.content.decode().lower()
    partenariat.refresh_from_db()
    assert partenariat.maturite == 1
