"""The main navigation shows only what the user may open: every link it offers, followed, answers
200 (never 403), for every role of the demo (built with factories)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import UserFactory, circuit

pytestmark = pytest.mark.django_db


class LiensDeLaNavigation(HTMLParser):
    """The href of every link inside <nav aria-label="Navigation principale">."""

    def __init__(self):
        super().__init__()
        self.profondeur = 0  # > 0 inside the main <nav>
        self.liens = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and (self.profondeur or attrs.get("aria-label") == "Navigation principale"):
            self.profondeur += 1
        elif self.profondeur and tag == "a" and attrs.get("href") not in (None, "#"):
            self.liens.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.profondeur:
            self.profondeur -= 1


def liens(client):
    parseur = LiensDeLaNavigation()
    parseur.feed(client.get(reverse("portail:accueil")).content.decode())
    assert parseur.liens, "no navigation found"
    return parseur.liens


def roles():
    """One user per role of the demo."""
    c = circuit()
    return {
        "sans rôle": UserFactory(),
        "coordination": c.coordination,
        "membre du comité de créneau": c.membre,
        "secrétaire du comité de créneau": c.secretaire,
        "présidence du comité régional": c.president_regional,
        "direction régionale": c.dr,
        "bureau central": c.central,
        "administration": UserFactory(is_staff=True, is_superuser=True),
    }


def test_chaque_lien_de_la_navigation_s_ouvre_pour_chaque_role(client):
    for role, user in {"anonyme": None, **roles()}.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for lien in liens(client):
            assert client.get(lien).status_code == 200, f"{role}: {lien}"


def test_les_liens_suivent_les_regles_des_pages(client):
    r = roles()

    def offerts(role):
        client.force_login(r[role])
        return set(liens(client))

    bilans, suivi, tdb = reverse("bilans:mes_bilans"), reverse("bilans:suivi"), reverse("rapports:tableau_de_bord")
    assert not {bilans, suivi, tdb} & offerts("sans rôle")
    assert bilans in offerts("coordination") and suivi not in offerts("coordination")
    assert bilans in offerts("présidence du comité régional")  # bilans of its region (read only)
    assert suivi in offerts("direction régionale") and tdb not in offerts("direction régionale")
    assert {suivi, tdb} <= offerts("bureau central")
    assert suivi in offerts("administration") and tdb not in offerts("administration")
    assert reverse("seances:liste") not in offerts("sans rôle")
    assert reverse("seances:liste") in offerts("membre du comité de créneau")


def test_anonyme_ne_voit_que_les_pages_publiques(client):
    offerts = set(liens(client))
    assert reverse("projets:liste") not in offerts and reverse("creneaux:annuaire") in offerts
