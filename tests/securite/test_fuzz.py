"""Point 6: bad input is never a 500. Every form that each role finds on its pages (a small world
built by the factories, crawled one click deep) is posted with generated data — long strings,
unicode, huge and negative numbers, odd dates, another créneau's ids, stray files — and each post
answers below 500; a refused post (form shown again with errors, 4xx) changes nothing."""

import re
import time
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilans.actions import ouvrir
from noyau.exercices import exercice_de
from noyau.horloge import aujourdhui
from tests.factories import ActionPlanFactory, circuit
from tests.portail.test_requetes_forgees import empreinte

pytestmark = pytest.mark.django_db

# Pages whose posts are not domain forms (log-in, password, 2FA) or leave the site.
EXCLUS = ("/comptes/", "/admin", "/i18n/", "/static/", "/deconnexion")
PAGES_PAR_ROLE = 30
EXEMPLES_PAR_FORMULAIRE = 4

DATES_BIZARRES = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "1899-12-31T23:59",
    "31/12/2026",
    "2026-13-01",
    "2100-12-31T23:59",
    "",
]


def formulaires(html):
    """(action, [(name, type, [option values], current value)]) of each POST form of a page."""
    out = []
    for attributs, corps in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.S | re.I):
        if not re.search(r'method="post"', attributs, re.I):
            continue
        action = re.search(r'action="([^"]*)"', attributs)
        champs = {}
        for balise, nom_balise in re.findall(r"(<(input|select|textarea)\b[^>]*>)", corps, re.I):
            nom = re.search(r'name="([^"]+)"', balise)
            if not nom or nom.group(1) == "csrfmiddlewaretoken":
                continue
            type_ = (re.search(r'type="([^"]+)"', balise) or [None, nom_balise.lower()])[1].lower()
            valeur = re.search(r'value="([^"]*)"', balise)
            champ = champs.setdefault(nom.group(1), [type_, [], unescape(valeur.group(1)) if valeur else ""])
            if type_ in ("checkbox", "radio") and valeur:
                champ[1].append(unescape(valeur.group(1)))
        for nom, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', corps, re.S | re.I):
            champs[nom][1] = [unescape(v) for v in re.findall(r'<option[^>]*value="([^"]*)"', options)]
        out.append((unescape(action.group(1)) if action else None, [(n, t, o, v) for n, (t, o, v) in champs.items()]))
    return out


def valeur(draw, type_, options, actuelle, etrangers):
    texte = st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12_000),
        st.sampled_from(["<script>alert(1)</script>", '=HYPERLINK("x")', "'; DROP TABLE x;--", "\x00", "😀" * 300, " "]),
    )
    nombre = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["-1", "0", "1e309", "NaN", "-0,01", "12 500,00", "99999999999999999999.99"]),
    )
    choix = [st.just(actuelle), texte, nombre, st.sampled_from(DATES_BIZARRES), st.sampled_from(etrangers or ["999999"])]
    if options:
        choix.append(st.sampled_from(options))
    if type_ == "file":
        return draw(
            st.sampled_from([b"%PDF-1.4 x", b"<svg onload=alert(1)>", b"\x89PNG\r\n\x1a\n<html>", b""]).map(
                lambda c: SimpleUploadedFile("f.html", c, content_type="text/html")
            )
        )
    if type_ in ("checkbox", "select-multiple") and options:
        return draw(st.lists(st.one_of(st.sampled_from(options), st.sampled_from(etrangers or ["1"])), max_size=4))
    return draw(st.one_of(*choix))


def pages(client, depart):
    """GET pages one click deep from `depart`: {url: html}."""
    vues, a_voir = {}, list(depart)
    while a_voir and len(vues) < PAGES_PAR_ROLE:
        url = a_voir.pop(0)
        if url in vues or url.startswith(EXCLUS) or "." in url.rsplit("/", 1)[-1]:
            continue
        reponse = client.get(url)
        vues[url] = reponse.content.decode() if reponse.status_code == 200 and "html" in reponse.get("Content-Type", "") else ""
        a_voir += re.findall(r'href="(/[^"#?]*)"', vues[url])
    return vues


def test_aucun_envoi_genere_ne_fait_d_erreur_500_ni_ne_change_quoi_que_ce_soit_s_il_est_refuse():
    debut = time.monotonic()
    c, voisin = circuit("17"), circuit("03")
    projet = c.projet()
    ActionPlanFactory(objectif__axe__plan__creneau=c.creneau)
    ouvrir(c.creneau, par=c.coordination, exercice=exercice_de(aujourdhui()) - 1)
    etrangers = [
        str(pk)
        for pk in [
            voisin.creneau.pk,
            voisin.comite_creneau.pk,
            voisin.reunion_creneau.pk,
            voisin.coordination.pk,
            voisin.projet().pk,
            *[p.pk for p in voisin.membres_creneau],
        ]
    ]
    depart = ["/", projet.get_absolute_url(), c.creneau.get_absolute_url(), "/projets/", "/bilans/", "/plans/"]
    essayes, refus = 0, 0
    for user in [c.coordination, c.secretaire, c.membre, c.president_regional, c.dr, c.central, voisin.coordination]:
        client = Client()
        client.force_login(user)
        vus = set()
        for page, html in pages(client, depart).items():
            for action, champs in formulaires(html):
                cible = action or page
                cle = re.sub(r"\d+", "N", cible) + "|" + ",".join(sorted(n for n, *_ in champs))
                if cle in vus or cible.startswith(EXCLUS) or not champs:
                    continue
                vus.add(cle)

                essayes, refus = essayer(client, user, cible, champs, etrangers, essayes, refus)
    print(f"fuzz: {essayes} envois ({refus} refusés) en {time.monotonic() - debut:.0f} s")
    assert essayes > 50 and refus > 10


def essayer(client, user, cible, champs, etrangers, essayes, refus):
    compte = {"essayes": essayes, "refus": refus}

    @settings(max_examples=EXEMPLES_PAR_FORMULAIRE, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def envoyer(data):
        donnees = {n: valeur(data.draw, t, o, v, etrangers) for n, t, o, v in champs if data.draw(st.booleans()) or t == "hidden"}
        avant = empreinte()
        try:
            reponse = client.post(cible, donnees)
        except Exception as exc:  # the test client re-raises what would have been a 500
            raise AssertionError(f"{user.username} POST {cible} {donnees!r:.500} → {exc!r}") from exc
        assert reponse.status_code < 500, (user.username, cible)
        compte["essayes"] += 1
        contexte = reponse.context or {}
        form = contexte.get("form") if hasattr(contexte, "get") else None
        refuse = reponse.status_code >= 400 or (reponse.status_code == 200 and form is not None and form.errors)
        if refuse:
            compte["refus"] += 1
            assert empreinte() == avant, f"{user.username} POST {cible}: refusé mais des données ont changé"

    envoyer()
    return compte["essayes"], compte["refus"]


# --- GET parameters: every list filter and search endpoint ----------------------------------------

# Parameters every list may be sent, whatever its form shows.
PARAMETRES_COMMUNS = ["exercice", "q", "page", "tri", "statut", "region", "creneau"]
BIZARRES_GET = ["\x00", "a\x00b", "²", "2⁰26", "٢٠٢٦", "２０２６", "-1", "99999999999999999999", "", " ", "%00", "2026\x00"]


def formulaires_get(html):
    """(action, [names]) of each GET form of a page (the lists' filters)."""
    out = []
    for attributs, corps in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.S | re.I):
        if re.search(r'method="post"', attributs, re.I):
            continue
        action = re.search(r'action="([^"]*)"', attributs)
        noms = sorted(set(re.findall(r'<(?:input|select|textarea)\b[^>]*name="([^"]+)"', corps, re.I)))
        out.append((unescape(action.group(1)) if action else None, noms))
    return out


def test_aucun_parametre_get_genere_ne_fait_d_erreur_500():
    """Each list's filters and each picker's search, sent NUL characters, digits that are not
    0–9 (« ² », « ٢٠٢٦ »), huge or negative numbers and random text: always an answer below 500."""
    c, voisin = circuit("17"), circuit("03")
    projet = c.projet()
    ouvrir(c.creneau, par=c.coordination, exercice=exercice_de(aujourdhui()) - 1)
    depart = ["/", projet.get_absolute_url(), c.creneau.get_absolute_url(), "/projets/", "/bilans/", "/seances/"]
    depart += ["/rapports/tableau-de-bord/", "/creneaux/", "/creneaux/organisations/", "/regions/"]
    valeur_get = st.one_of(st.sampled_from(BIZARRES_GET), st.text(max_size=20), st.integers(-(10**20), 10**20).map(str))
    essayes = 0
    for user in [c.coordination, c.secretaire, c.dr, c.central, voisin.coordination]:
        client = Client()
        client.force_login(user)
        cibles = {}
        for page, html in pages(client, depart).items():
            for action, noms in formulaires_get(html):
                cibles.setdefault(action or page, set()).update(noms)
            for url in re.findall(r'data-picker-url="([^"]+)"', html):
                cibles.setdefault(unescape(url), set()).add("q")
        for cible, noms in cibles.items():
            if cible.startswith(EXCLUS):
                continue
            fuzzer_get(client, user, cible, sorted(noms | set(PARAMETRES_COMMUNS)), valeur_get)
            essayes += 1
    assert essayes >= 8, essayes


def fuzzer_get(client, user, cible, noms, valeur_get):
    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(noms), valeur_get, min_size=1, max_size=4))
    def envoyer(parametres):
        try:
            reponse = client.get(cible, parametres)
        except Exception as exc:  # the test client re-raises what would have been a 500
            raise AssertionError(f"{user.username} GET {cible} {parametres!r} → {exc!r}") from exc
        assert reponse.status_code < 500, (user.username, cible, parametres)

    envoyer()
