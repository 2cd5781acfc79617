"""Valid HTML: the pages a few demo roles (and an anonymous visitor) reach by following links pass
the Nu Html Checker (the W3C validator, npm package vnu-jar), which scripts/tester installs in
.cache/vnu/ (scripts/_commun.sh, installer_vnu). No error is allowed.

The pages are those the crawl of test_exploration fetched with Django's test client (one per URL
name and role, as for the WCAG check), written to a directory and checked by a single run of the
validator (one JVM start)."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.portail.test_accessibilite import pages_a_verifier
from tests.portail.test_exploration import ClientQuiGarde, explorer

VNU = Path(settings.BASE_DIR) / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
# Each role sees its own forms and tables: coordination (projects, budget, bilans), committee
# chair (meeting in progress), member (vote), regional secretariat (envelope), central office.
ROLES = [None, "coordination", "presidence.creneau", "membre", "secretariat.regional", "ministere"]


def valider(dossier):
    """The validator's errors on every .html file of `dossier`: [(file name, line, message)]."""
    assert VNU.is_file(), f"{VNU} manque : scripts/tester l'installe (installer_vnu de scripts/_commun.sh)"
    fini = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(dossier)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fini.returncode in (0, 1), fini.stderr  # 1: errors were found
    messages = json.loads(fini.stderr)["messages"]
    return [(Path(m.get("url", "?")).name, m.get("lastLine"), m["message"]) for m in messages]


def test_valider_signale_une_erreur(tmp_path):
    (tmp_path / "page.html").write_text('<!doctype html><html lang="fr"><title>t</title><div hx-get="/a"></div>')
    erreur = "Attribute “hx-get” not allowed on element “div” at this point."
    assert [(f, m) for f, _ligne, m in valider(tmp_path)] == [("page.html", erreur)]


@pytest.mark.django_db
def test_les_pages_de_chaque_role_sont_du_html_valide(demo, tmp_path):
    dossier = tmp_path / "pages"  # beside MEDIA_ROOT (tmp_path / "media"), whose files are no pages
    dossier.mkdir()
    pages = {}  # file name → "role url"
    for username in ROLES:
        client = ClientQuiGarde()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for url in pages_a_verifier(explorer(client, ["/"], un_par_nom=True, fichiers_max=0)):
            nom = f"{len(pages):03}-{re.sub(r'[^a-z0-9]+', '-', url.lower()).strip('-') or 'accueil'}.html"
            (dossier / nom).write_bytes(client.pages[url])
            pages[nom] = f"{username or 'anonyme'} {url}"
    assert len(pages) > 50
    erreurs = valider(dossier)
    assert not erreurs, "\n".join(f"{pages.get(f, f)} (ligne {ligne}) : {message}" for f, ligne, message in erreurs)
