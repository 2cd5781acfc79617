"""Heading levels follow each other on the home page (h1 first, no h1 → h3 jump), anonymous and
for each role's grouping of « À traiter ». Neither the W3C validator (test_html_valide) nor axe's
WCAG rules (test_accessibilite) check this: axe's `heading-order` is a best practice, not run."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from projets.models import Statut
from tests.factories import circuit

pytestmark = pytest.mark.django_db

TITRES = {f"h{n}": n for n in range(1, 7)}


class Titres(HTMLParser):
    """Heading levels in document order."""

    def __init__(self):
        super().__init__()
        self.niveaux = []

    def handle_starttag(self, tag, attrs):
        if tag in TITRES:
            self.niveaux.append(TITRES[tag])


def titres(html):
    t = Titres()
    t.feed(html)
    t.close()
    return t.niveaux


def sauts(niveaux):
    """Headings that skip a level: (previous, this) pairs such as (1, 3); the first must be h1."""
    precedents = [0, *niveaux]
    return [(avant, n) for avant, n in zip(precedents, niveaux, strict=False) if n > avant + 1]


def test_sauts_detectes():
    assert sauts([1, 2, 3, 2, 3, 4, 2]) == []
    assert sauts([1, 3]) == [(1, 3)] and sauts([2]) == [(0, 2)]


@pytest.fixture
def pages(client):
    """The home page as an anonymous visitor, as the central office (items grouped by kind and
    region, h2 → h3 → h4) and as a coordination (kinds only)."""
    c = circuit()
    autre = circuit("03", voisin=c)
    c.projet(statut=Statut.MINISTERE, statut_depuis=timezone.now() - datetime.timedelta(days=3))
    autre.projet(statut=Statut.ACCEPTE)
    c.projet()  # a draft for the coordination
    rendues = {"anonyme": client.get(reverse("portail:accueil")).content.decode()}
    for nom, user in (("bureau central", c.central), ("coordination", c.coordination), ("membre", c.membre)):
        client.force_login(user)
        rendues[nom] = client.get(reverse("portail:accueil")).content.decode()
    return rendues


def test_les_niveaux_de_titres_se_suivent(pages):
    for nom, html in pages.items():
        niveaux = titres(html)
        assert niveaux and niveaux[0] == 1, f"{nom}: {niveaux}"
        assert sauts(niveaux) == [], f"{nom}: {niveaux}"
    assert 4 in titres(pages["bureau central"])  # kinds, then regions
