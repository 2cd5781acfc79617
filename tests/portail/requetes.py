"""How many SQL queries a page may make, whatever the data: the bound every page of every role
keeps, checked on the crawl of each demo role (test_exploration) and again with more data
(test_requetes_par_page). A logged-in page pays one query for its user before its view (the
session and the roles come from the cache)."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

BORNE = 12
# Pages still over the bound, with the count they keep at every data size (docs/performance.md).
AU_DELA = {
    # The créneau's fiche: its file, ententes, partnerships, priorities, collaborations, comités
    # with their mandates and règlements, member companies, projects — one query each.
    "creneaux:fiche": 18,
    # A project: its budget (two tables and the programme's rules), parts, decisions and those in
    # conflict, comments, payments; before a comité, the comités, the agenda and the coming séances.
    "projets:detail": 15,
    # A séance for its bureau: the agenda with votes and conflicts, presences, members, and the
    # form to add an item (projects waiting, envelopes, plans, bilans).
    "seances:detail": 13,
}


def nom_de_page(url):
    chemin = urlsplit(url).path
    try:
        trouve = resolve(chemin)
    except Resolver404:
        return chemin
    return trouve.view_name


def pages_au_dela_de_leur_borne(visites, requetes):
    """{url: (page name, queries, bound)} of the pages answered 200 over their bound."""
    trop = {}
    for url, (statut, _chaine) in visites.items():
        nom = nom_de_page(url)
        borne = AU_DELA.get(nom, BORNE)
        if statut == 200 and requetes[url] > borne:
            trop[url] = (nom, requetes[url], borne)
    return trop
