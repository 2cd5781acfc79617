"""A user's roles are read from the cache by pages (no SQL once known), made stale by any change of
what they are made of, and re-read from the database by a verb, which never decides on a cached
right (docs/performance.md)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creneaux import actions
from creneaux.models import Coordination, Organisation
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from tests.factories import OrganisationFactory, PersonneFactory

User = get_user_model()
TABLES_DES_ROLES = ("creneaux_mandat", "creneaux_coordination", "comptes_affectationministere", "django_session")


def _tables_lues(client, url):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return " ".join(q["sql"] for q in requetes.captured_queries)


@pytest.mark.django_db
def test_une_page_suivante_ne_relit_ni_la_session_ni_les_roles(client, creneau, coordination):
    client.force_login(coordination)
    url = reverse("creneaux:modifier", args=[creneau.slug])
    premiere = _tables_lues(client, url)
    assert "creneaux_coordination" in premiere  # roles computed once…
    suivante = _tables_lues(client, url)
    assert not [t for t in TABLES_DES_ROLES if f'"{t}"' in suivante]  # …then read from the cache


@pytest.mark.django_db
def test_une_coordination_nommee_agit_des_la_page_suivante(client, creneau, dr_centre):
    personne = PersonneFactory(avec_compte=True)
    client.force_login(personne.user)
    url = reverse("creneaux:modifier", args=[creneau.slug])
    assert client.get(url).status_code == 403  # no role yet: and that verdict is now cached

    actions.nommer_coordination(
        creneau, par=dr_centre, personne=personne, employeur=OrganisationFactory(type=Organisation.Type.OBNL), debut=aujourdhui()
    )
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_un_verbe_ne_decide_pas_sur_un_role_en_cache(client, creneau, coordination):
    client.force_login(coordination)
    assert client.get(reverse("creneaux:modifier", args=[creneau.slug])).status_code == 200
    # The coordination ends by a path no signal sees (a raw SQL update): the cache still holds it.
    Coordination.objects.filter(creneau=creneau).update(fin=aujourdhui() - datetime.timedelta(days=1))
    par = User.objects.get(pk=coordination.pk)  # a new request's user object
    assert creneau.pk in roles_de(par).coordination

    with pytest.raises(ActionRefusee, match="Seules la coordination du créneau et la direction régionale"):
        actions.modifier_fiche(creneau, par=par, donnees={"sigle": "XYZ"})
    creneau.refresh_from_db()
    assert creneau.sigle != "XYZ"
