"""Each demo role (and an anonymous visitor) browses the whole portal by following its links:
no page errors, and no page shows a project the role may not see."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from noyau.permissions import verifier
from projets.models import Projet
from tests.portail.requetes import nom_de_page, pages_au_dela_de_la_borne

ROLES = [
    None,
    "coordination",
    "coordination.rstm",
    "comite.creneau",
    "presidence.creneau",
    "membre",
    "comite.regional",
    "secretariat.regional",
    "membre.regional",
    "dr.centre",
    "dr.bas-saint-laurent",
    "ministere",
    "admin",
]
PLAFOND = 120
FICHIERS_MAX = 1  # PDFs and exports fetched per role (each takes a moment to render; tests/rapports checks them)
FICHIER = re.compile(r"\.(pdf|csv|xlsx)$|/fichier$|/documentation/$|^/rapports/(?!tableau-de-bord/$|documents/\d+/$)")
# Also left out: the open data files and the API, machine-readable (tests/donnees, tests/api).
EXCLUS = re.compile(r"^/comptes/deconnexion/|^/i18n/|^/static/|^/media/|^/donnees-ouvertes/[^/]+\.(csv|json)$|^/api/v1/")


class Liens(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


class ClientQuiGarde(Client):
    """A test client that keeps every page it gets: the crawl's pages are checked as fetched."""

    def __init__(self):
        super().__init__()
        self.pages = {}

    def get(self, path, *args, **kwargs):
        reponse = super().get(path, *args, **kwargs)
        self.pages[path] = reponse.content
        return reponse


def cle(url):
    """URLs are the same page whatever their query string, except the page number."""
    morceaux = urlsplit(url)
    page = parse_qs(morceaux.query).get("page")
    return morceaux.path + ("?" + urlencode({"page": page[0]}) if page else "")


def liens(reponse, depuis):
    analyseur = Liens()
    analyseur.feed(reponse.content.decode())
    for href in analyseur.hrefs:
        url = urljoin("http://testserver" + depuis, href)
        morceaux = urlsplit(url)
        if morceaux.scheme in ("http", "https") and morceaux.netloc == "testserver":
            yield morceaux.path + ("?" + morceaux.query if morceaux.query else "")


def admin_a_visiter():
    """The admin index and one change list per app."""
    from django.contrib import admin

    par_app = {}
    for modele in admin.site._registry:
        par_app.setdefault(modele._meta.app_label, f"/admin/{modele._meta.app_label}/{modele._meta.model_name}/")
    return ["/admin/", *par_app.values()]


def explorer(client, depart, requetes=None, un_par_nom=False, fichiers_max=FICHIERS_MAX):
    """Breadth-first from `depart`: {url: (status, chain of URLs that led there)}; with a dict
    `requetes`, also the number of SQL queries of each page: {url: n}; `un_par_nom`: one page per
    URL name (the first link found to it); at most `fichiers_max` PDFs and exports."""
    vus = {cle(u): None for u in depart}
    noms = set()
    file = deque((u, (u,)) for u in depart)
    visites, fichiers = {}, 0
    while file and len(visites) < PLAFOND:
        url, chaine = file.popleft()
        est_fichier = bool(FICHIER.search(urlsplit(url).path))
        if est_fichier:
            if fichiers >= fichiers_max:
                continue
            fichiers += 1
        with CaptureQueriesContext(connection) as sql:
            reponse = client.get(url)
        visites[url] = (reponse.status_code, chaine)
        if requetes is not None:
            requetes[url] = len(sql.captured_queries)
        if est_fichier or reponse.status_code != 200 or "text/html" not in reponse.get("Content-Type", ""):
            continue
        for lien in liens(reponse, url):
            chemin = urlsplit(lien).path
            if EXCLUS.search(chemin) or chemin.startswith("/admin/") or cle(lien) in vus:
                continue
            if un_par_nom:
                if nom_de_page(lien) in noms:
                    continue
                noms.add(nom_de_page(lien))
            vus[cle(lien)] = None
            file.append((lien, (*chaine, lien)))
    return visites


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonyme")
def test_chaque_role_parcourt_le_portail_sans_erreur_ni_fuite(demo, username):
    client = Client()
    user = None
    if username:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
    depart = ["/"] + (admin_a_visiter() if username == "admin" else [])
    client.get("/")  # the role's first request computes its roles, kept for the next ones
    requetes = {}
    visites = explorer(client, depart, requetes)
    print(f"{username or 'anonyme'} : {len(visites)} pages")

    erreurs = {url: chaine for url, (statut, chaine) in visites.items() if statut >= 500}
    assert not erreurs, "\n".join(f"{url} ← {' → '.join(chaine)}" for url, chaine in erreurs.items())
    assert len(visites) > (1 if username else 0)
    trop = pages_au_dela_de_la_borne(visites, requetes)
    assert not trop, "\n".join(f"{url} ({nom}) : {n} requêtes, borne {borne}" for url, (nom, n, borne) in trop.items())

    # A project page reached with 200 is one the role may see.
    fuites = []
    for url, (statut, chaine) in visites.items():
        if statut != 200:
            continue
        try:
            trouve = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if trouve.namespace == "projets" and "pk" in trouve.kwargs and trouve.url_name != "piece":
            if trouve.url_name == "document_decision":
                continue
            projet = Projet.objects.select_related("creneau").get(pk=trouve.kwargs["pk"])
            if not verifier("projets.voir", user, projet).ok:
                fuites.append(f"{url} ← {' → '.join(chaine)}")
    assert not fuites, "\n".join(fuites)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["membre", "coordination.rstm"])
def test_un_projet_hors_de_portee_est_refuse_meme_par_son_adresse(demo, username):
    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    projets = list(Projet.objects.select_related("creneau").order_by("pk"))
    caches = [p for p in projets if not verifier("projets.voir", user, p).ok]
    assert caches
    for projet in caches[:: max(1, len(caches) // 25)]:
        assert client.get(f"/projets/{projet.pk}/").status_code in (403, 404), projet
