"""Every page of every demo role stays within its number of SQL queries when the data grows: the
crawl of test_exploration checks the demo as loaded; here the same crawl runs again after
`demo --echelle 2` added a thousand projects, bilans and créneaux (tests/portail/requetes.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from projets.models import Projet
from tests.portail.requetes import pages_au_dela_de_la_borne
from tests.portail.test_exploration import ROLES, admin_a_visiter, explorer


@pytest.mark.django_db
def test_chaque_page_garde_son_nombre_de_requetes_avec_plus_de_donnees(demo):
    avant = Projet.objects.count()
    with open("/dev/null", "w") as muet:
        call_command("demo", echelle=2, en_production=True, stdout=muet)  # rolled back with the test
    assert Projet.objects.count() >= avant + 1000

    trop = {}
    for username in ROLES:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        client.get("/")
        requetes = {}
        # One page per URL name keeps this second crawl short (test_exploration visits many of each).
        visites = explorer(client, ["/"] + (admin_a_visiter() if username == "admin" else []), requetes, un_par_nom=True)
        trop |= {f"{username or 'anonyme'} {url}": v for url, v in pages_au_dela_de_la_borne(visites, requetes).items()}
    assert not trop, "\n".join(f"{qui} ({nom}) : {n} requêtes, borne {borne}" for qui, (nom, n, borne) in trop.items())
