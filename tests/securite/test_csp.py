"""Point 3: Content-Security-Policy, and no inline script or style in the pages served."""

import re

import pytest
from django.urls import reverse

from tests.factories import circuit

pytestmark = pytest.mark.django_db

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"hx-on", re.I),
    re.compile(r"javascript:", re.I),
]


def test_la_politique_est_stricte(client):
    politique = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in politique.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in politique and directives["frame-ancestors"] == "'none'"


def test_htmx_n_injecte_pas_de_style_et_le_script_du_portail_est_servi(client):
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert "/static/js/accord.js" in page
    assert b"".join(client.get("/static/js/accord.js").streaming_content).startswith(b"//")
    assert b".htmx-indicator" in b"".join(client.get("/static/css/accord.css").streaming_content)


def _inline(url, contenu):
    for motif in INLINE:
        trouve = motif.search(contenu)
        assert not trouve, (url, trouve.group(0))


def test_les_pages_servies_n_ont_ni_script_ni_style_en_ligne(client):
    """Every page linked from the pages of three roles (one click deep), on a small world."""
    c = circuit()
    projet = c.projet()
    for user in [None, c.coordination, c.central, c.dr]:
        client.logout()
        if user:
            client.force_login(user)
        a_voir = ["/", reverse("login"), reverse("password_reset"), projet.get_absolute_url(), reverse("projets:liste")]
        if user:
            a_voir += [reverse("securite"), reverse("double_facteur_activer")]
        vues = set()
        while a_voir and len(vues) < 60:
            url = a_voir.pop(0)
            if url in vues or "deconnexion" in url or "/export" in url or "/admin" in url:
                continue
            vues.add(url)
            reponse = client.get(url)
            if reponse.status_code != 200 or "text/html" not in reponse.get("Content-Type", ""):
                continue
            contenu = reponse.content.decode()
            _inline(url, contenu)
            if len(vues) < 25:
                a_voir += [h for h in re.findall(r'href="(/[^"#?]*)', contenu) if not h.startswith("/static/")]
