"""The English interface: a complete catalogue that follows the code, pages in the language the
visitor asks for, a header switch remembered on the account, e-mails in each recipient's language."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from comptes.models import Preferences, langue_de
from noyau.courriels import notifier_apres_commit
from rapports.pdf import contexte_impression
from tests.factories import AffectationMinistereFactory, CreneauFactory, UserFactory, region
from tests.rapports.conftest import lire_pdf
from tests.securite.conftest import connecter

RACINE = Path(settings.BASE_DIR)
CATALOGUE = RACINE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# %(name)s / %(n)d, bare %s / %d, and {name} (str.format) placeholders; "%%" is a literal percent.
PARAMETRE = re.compile(r"%\(\w+\)[sdfir]|%[sdfir]|\{\w*\}")
# What makemessages must not read (as scripts and docs/traduction.md run it).
IGNORES = (".venv", ".git", "tests", "bench", "media", "captures", "staticfiles", "node_modules", "locale")


def _parametres(texte):
    return set(PARAMETRE.findall(texte.replace("%%", "")))


def _catalogue():
    return polib.pofile(str(CATALOGUE))


@pytest.fixture(scope="module", autouse=True)
def _catalogue_compile():
    """The pages below read the compiled catalogue: compile it if scripts/tester has not (or the
    .po changed since)."""
    mo = CATALOGUE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < CATALOGUE.stat().st_mtime:
        _catalogue().save_as_mofile(str(mo))
        translation.trans_real._translations = {}
        translation.trans_real._default = None


# --- The catalogue -----------------------------------------------------------------------------


def test_chaque_message_est_traduit_sans_brouillon_et_garde_ses_parametres():
    po = _catalogue()
    assert len(po) > 1000
    problemes = []
    for e in po:
        if e.obsolete:
            continue
        if "fuzzy" in e.flags:
            problemes.append(f"fuzzy : {e.msgid!r}")
        if e.msgid_plural:
            formes = [e.msgstr_plural.get(i, "") for i in range(2)]
            attendus = _parametres(e.msgid) | _parametres(e.msgid_plural)
            trouves = set().union(*(_parametres(f) for f in formes))
        else:
            formes = [e.msgstr]
            attendus, trouves = _parametres(e.msgid), _parametres(e.msgstr)
        if not all(f.strip() for f in formes):
            problemes.append(f"non traduit : {e.msgid!r}")
        elif attendus != trouves:
            problemes.append(f"paramètres {sorted(attendus)} ≠ {sorted(trouves)} : {e.msgid!r}")
    assert not problemes, "\n".join(problemes)


def test_le_catalogue_suit_le_code(tmp_path):
    """makemessages run on a copy of the code finds no message missing from the catalogue."""
    copie = tmp_path / "arbre"
    shutil.copytree(RACINE, copie, ignore=shutil.ignore_patterns(*IGNORES, "__pycache__", "*.mo", "*.sqlite3"))
    (copie / "locale").mkdir()
    env = {**os.environ, "DEBUG": "1"}
    resultat = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--verbosity", "0"],
        cwd=copie,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    dans_le_code = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copie / "locale/en/LC_MESSAGES/django.po"))}
    au_catalogue = {(e.msgctxt, e.msgid) for e in _catalogue() if not e.obsolete}
    manquants = sorted(m for _, m in dans_le_code - au_catalogue)
    assert not manquants, (
        "Messages du code absents de locale/en/LC_MESSAGES/django.po (lancez makemessages puis "
        "traduisez-les, voir docs/traduction.md) :\n" + "\n".join(manquants)
    )
    perimes = sorted(m for _, m in au_catalogue - dans_le_code)
    assert not perimes, "Messages du catalogue que le code n'emploie plus (makemessages --no-obsolete) :\n" + "\n".join(perimes)


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_une_page_demandee_en_anglais_est_en_anglais(client):
    reponse = client.get(reverse("portail:accueil"), HTTP_ACCEPT_LANGUAGE="en")
    html = reponse.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Main navigation" in html
    assert "Aller au contenu" not in html
    # The switch offers French, in French.
    assert 'lang="fr-CA"' in html and ">Français</button>" in html


@pytest.mark.django_db
def test_une_page_en_francais_reste_en_francais(client):
    for entete in ({}, {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}):
        html = client.get(reverse("portail:accueil"), **entete).content.decode()
        assert '<html lang="fr-ca">' in html and "Aller au contenu" in html and "Skip to content" not in html
        assert ">English</button>" in html


@pytest.mark.django_db
def test_le_choix_d_un_visiteur_est_garde_par_un_temoin(client):
    reponse = client.post(reverse("langue"), {"language": "en", "next": "/creneaux/?q=x"})
    assert reponse.status_code == 302 and reponse.url == "/creneaux/?q=x"
    temoin = reponse.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert temoin.value == "en" and temoin["max-age"] >= 30 * 24 * 3600  # outlives the browser session
    assert "Skip to content" in client.get(reverse("portail:accueil")).content.decode()
    # Back to French the same way.
    client.post(reverse("langue"), {"language": "fr-ca", "next": "/"})
    assert "Aller au contenu" in client.get(reverse("portail:accueil")).content.decode()


@pytest.mark.django_db
def test_le_commutateur_refuse_une_langue_inconnue_et_une_adresse_externe(client):
    user = UserFactory()
    client.force_login(user)
    reponse = client.post(reverse("langue"), {"language": "de", "next": "https://ailleurs.example/"})
    assert reponse.status_code == 302 and not reponse.url.startswith("https://ailleurs")
    assert settings.LANGUAGE_COOKIE_NAME not in reponse.cookies
    assert langue_de(user) is None
    assert client.get(reverse("langue")).status_code == 405


@pytest.mark.django_db
def test_le_choix_est_garde_sur_le_compte_et_reapplique_a_la_connexion(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("langue"), {"language": "en", "next": "/"})
    assert langue_de(user) == "en" and Preferences.objects.get(user=user).langue == "en"
    # Another browser (no cookie): the log-in brings English back.
    client.logout()
    client.cookies.clear()
    reponse = connecter(client, user)
    assert reponse.status_code == 302
    assert reponse.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Skip to content" in client.get(reverse("portail:accueil")).content.decode()


@pytest.mark.django_db
def test_sans_choix_la_connexion_ne_touche_pas_la_langue(client):
    reponse = connecter(client, UserFactory())
    assert reponse.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in reponse.cookies


# --- PDFs ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_un_pdf_est_dans_la_langue_de_celui_qui_le_demande_et_la_declare(client):
    creneau = CreneauFactory(region_porteuse=region("17"))
    url = reverse("rapports:fiche_creneau", args=[creneau.slug])
    texte, _, lecteur = lire_pdf(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Créneau profile" in texte and "Fiche du créneau" not in texte
    assert str(lecteur.trailer["/Root"]["/Lang"]) == "en"
    texte, _, lecteur = lire_pdf(client.get(url))
    assert "Fiche du créneau" in texte and str(lecteur.trailer["/Root"]["/Lang"]) == "fr-CA"


@pytest.mark.django_db
def test_un_document_est_dans_la_langue_ou_on_lit_le_portail_pas_celle_d_un_ancien_choix():
    """The language active when asking wins (the worker activates the one recorded then)."""
    francophone = UserFactory()
    Preferences.objects.create(user=francophone, langue="fr-ca")
    with translation.override("en"):
        assert contexte_impression(francophone, "Title")["langue"] == "en"
    assert contexte_impression(UserFactory(), "Titre")["langue"] == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_un_dossier_demande_en_anglais_est_en_anglais_jusqu_a_son_entete_courant(client):
    """An account that once chose French, reading in English: the whole dossier is English."""
    from tests.factories import ProjetFactory

    projet = ProjetFactory(creneau=CreneauFactory(region_porteuse=region("17")))
    user = AffectationMinistereFactory(niveau="central", region=None).user
    Preferences.objects.create(user=user, langue="fr-ca")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reponse = client.get(reverse("rapports:dossier_projet", args=[projet.pk]))
    texte, _, lecteur = lire_pdf(reponse)
    assert "Project file" in texte and "Dossier de projet" not in texte
    assert "Generated on" in texte and "Généré le" not in texte
    assert str(lecteur.trailer["/Root"]["/Lang"]) == "en"


# --- E-mails -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_chaque_destinataire_lit_le_courriel_dans_sa_langue(django_capture_on_commit_callbacks):
    anglophone, francophone, autre_anglophone = UserFactory(), UserFactory(), UserFactory()
    Preferences.objects.create(user=anglophone, langue="en")
    Preferences.objects.create(user=autre_anglophone, langue="en")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        # Sent from an English page: a recipient without a choice still reads French.
        notifier_apres_commit(
            [anglophone, francophone, autre_anglophone],
            lambda: translation.gettext("Bonjour,"),
            "creneaux/courriels/mandat_refuse.txt",
            {"mandat": None},
        )
    par_adresse = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    for user in (anglophone, autre_anglophone):
        assert par_adresse[user.email].subject == "Hello,"
        assert "this message is sent automatically" in par_adresse[user.email].body
    assert par_adresse[francophone.email].subject == "Bonjour,"
    assert "ce message est envoyé automatiquement" in par_adresse[francophone.email].body
