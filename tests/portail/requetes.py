"""How many SQL queries a page may make, whatever the data: the bound every page of every role
keeps, checked on the crawl of each demo role (test_exploration) and again with more data
(test_requetes_par_page). A logged-in page pays one query for its user before its view (the
session and the roles come from the cache)."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

BORNE = 12


def nom_de_page(url):
    chemin = urlsplit(url).path
    try:
        trouve = resolve(chemin)
    except Resolver404:
        return chemin
    return trouve.view_name


def pages_au_dela_de_la_borne(visites, requetes):
    """{url: (page name, queries, bound)} of the pages answered 200 over the bound."""
    trop = {}
    for url, (statut, _chaine) in visites.items():
        nom = nom_de_page(url)
        if statut == 200 and requetes[url] > BORNE:
            trop[url] = (nom, requetes[url], BORNE)
    return trop
