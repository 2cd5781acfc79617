"""WCAG 2.1 A/AA in a real Chromium: one page per URL name each demo role (and an anonymous visitor)
reaches by following links, and again for a later role that gets it with other form fields or
buttons, is checked by axe-core (vendored: tests/portail/axe.min.js, axe-core 4.14.1
from npm, MPL-2.0). No violation is allowed.

Each page is first rendered by Django's test client (the demo data live in this test's
transaction, which a live server would not see); Chromium then opens it from that copy, with the
portal's static files, and axe runs in it (the CSP is bypassed for the injected script only). The
browser starts after the crawl: while Playwright runs, Django would hand this thread another
database connection."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve

from tests.conftest import chromium
from tests.portail.requetes import nom_de_page
from tests.portail.test_exploration import FICHIER, ROLES, ClientQuiGarde, explorer

AXE = Path(__file__).with_name("axe.min.js")
REGLES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HOTE = "http://testserver"


def pages_a_verifier(visites):
    """One HTML page per URL name (the same template with other data adds nothing), the first reached."""
    par_nom = {}
    for url, (statut, _chaine) in visites.items():
        chemin = urlsplit(url).path
        if statut != 200 or FICHIER.search(chemin):
            continue
        try:
            trouve = resolve(chemin)
        except Resolver404:
            continue
        nom = f"{trouve.namespace}:{trouve.url_name}" if trouve.namespace else trouve.url_name or chemin
        if chemin.startswith("/admin/"):
            continue  # Django's own admin: not ours to fix
        par_nom.setdefault(nom, url)
    return sorted(par_nom.values())


# Pages already checked in this run, by URL name and the form fields they carry: a role that
# reaches the same page with the same forms as an earlier role (the same template and widgets,
# other rows) is not checked again; one with other forms or buttons is.
_VERIFIEES = set()
CHAMP = re.compile(rb'<(?:input|select|textarea|button)\b[^>]*?\bname="([^"]*)"')


def signature(url, html):
    return nom_de_page(url), frozenset(CHAMP.findall(html))


def serveur(rendues):
    """Answer the browser's requests: the pages rendered beforehand, the static files from the
    finders; nothing else (an htmx refresh gets "204 No Content")."""

    def servir(route):
        morceaux = urlsplit(route.request.url)
        if morceaux.path.startswith("/static/"):
            chemin = finders.find(morceaux.path.removeprefix("/static/"))
            return route.fulfill(path=chemin) if chemin else route.fulfill(status=404, body="")
        cible = morceaux.path + ("?" + morceaux.query if morceaux.query else "")
        if morceaux.netloc != "testserver" or cible not in rendues or route.request.method != "GET":
            return route.fulfill(status=204, body="")
        return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=rendues[cible])

    return servir


@pytest.mark.navigateur  # opens Chromium itself (after the crawl), not through the `page` fixture
@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonyme")
def test_aucune_violation_wcag_sur_les_pages_de_chaque_role(demo, username):
    client = ClientQuiGarde()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    atteintes = pages_a_verifier(explorer(client, ["/"], un_par_nom=True, fichiers_max=0))
    assert len(atteintes) > (3 if username else 1)
    rendues = {url: client.pages[url] for url in atteintes if signature(url, client.pages[url]) not in _VERIFIEES}
    violations = []
    with chromium() as navigateur:
        contexte = navigateur.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900}, bypass_csp=True)
        contexte.route("**/*", serveur(rendues))
        onglet = contexte.new_page()
        for url in rendues:
            onglet.goto(HOTE + url, wait_until="load")
            onglet.add_script_tag(path=str(AXE))
            resultat = onglet.evaluate("(regles) => axe.run(document, regles)", REGLES)
            for v in resultat["violations"]:
                cibles = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                violations.append(f"{url} : {v['id']} ({v['impact']}) — {v['help']} — {cibles}")
        contexte.close()
    print(f"{username or 'anonyme'} : {len(rendues)} pages vérifiées sur {len(atteintes)}")
    assert not violations, "\n".join(violations)
    _VERIFIEES.update(signature(url, html) for url, html in rendues.items())
