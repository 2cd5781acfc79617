"""The rendered HTML passes the W3C validator's checks we once failed: htmx attributes spelled
`data-hx-*` (a bare `hx-headers` on <body> is not valid HTML) and heading levels in order (no
h1 → h3 jump), on the home page, anonymous and logged in."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from projets.models import Statut
from tests.factories import circuit

pytestmark = pytest.mark.django_db

TITRES = {f"h{n}": n for n in range(1, 7)}


class Structure(HTMLParser):
    """Heading levels in document order, and every attribute starting with `hx-` by tag."""

    def __init__(self):
        super().__init__()
        self.titres = []
        self.hx_nus = []  # (tag, attribute)
        self.body = {}

    def handle_starttag(self, tag, attrs):
        if tag in TITRES:
            self.titres.append(TITRES[tag])
        if tag == "body":
            self.body = dict(attrs)
        self.hx_nus += [(tag, nom) for nom, _v in attrs if nom.startswith("hx-")]


def structure(html):
    s = Structure()
    s.feed(html)
    s.close()
    return s


def sauts(titres):
    """Headings that skip a level: (previous, this) pairs such as (1, 3); the first must be h1."""
    precedents = [0, *titres]
    return [(avant, n) for avant, n in zip(precedents, titres, strict=False) if n > avant + 1]


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


def test_les_attributs_htmx_sont_des_attributs_data(pages):
    for nom, html in pages.items():
        s = structure(html)
        assert "data-hx-headers" in s.body, nom
        assert s.hx_nus == [], f"{nom}: {s.hx_nus}"


def test_les_niveaux_de_titres_se_suivent(pages):
    for nom, html in pages.items():
        titres = structure(html).titres
        assert titres and titres[0] == 1, f"{nom}: {titres}"
        assert sauts(titres) == [], f"{nom}: {titres}"
    assert 4 in structure(pages["bureau central"]).titres  # kinds, then regions
