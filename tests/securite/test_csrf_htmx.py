"""htmx's requests carry the CSRF token: every page's <body> hands it to htmx as the `X-CSRFToken`
header (`data-hx-headers`; a bare `hx-headers` is not valid HTML). Without it, every htmx POST
would end in Django's 403."""

import json
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Body(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributs = {}

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.attributs = dict(attrs)


def entetes_htmx(html):
    b = Body()
    b.feed(html)
    b.close()
    assert not any(nom.startswith("hx-") for nom in b.attributs), b.attributs
    return json.loads(b.attributs["data-hx-headers"])


def test_une_requete_htmx_passe_la_protection_csrf_avec_l_en_tete_de_la_page():
    client = Client(enforce_csrf_checks=True)
    entetes = entetes_htmx(client.get(reverse("portail:accueil")).content.decode())
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403
    assert client.post(reverse("set_language"), {"language": "en"}, headers=entetes).status_code == 302
