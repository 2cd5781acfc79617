"""Lighthouse (mobile) on the pages the public and the Ministère open most, served by gunicorn with
production settings (not a test).

    npm i -E --prefix /tmp/lh lighthouse@12.2.3   # once, outside the project (Node 20)
    DATABASE_URL=postgres://…/base_avec_la_demo .venv/bin/python bench/lighthouse.py \
        [--lighthouse /tmp/lh/node_modules/.bin/lighthouse] [--port 8798]

Starts gunicorn as bench/charge.py does (DEBUG off, collectstatic), logs `ministere` in for real
(password and second factor) for the project list, runs Lighthouse's mobile audit with Debian's
Chromium on the annuaire, the fiche of « Meuble – Centre-du-Québec » and the project list, and
prints each category's score (target: performance ≥ 95 on each). Stops the server at the end.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charge import demarrer_serveur, se_connecter  # noqa: E402

PAGES = [
    ("annuaire", "/creneaux/", None),
    ("fiche", "/creneaux/meuble-centre-du-quebec/", None),
    ("projets", "/projets/", "ministere"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def attendre(url):
    for _ in range(60):
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"ÉCHEC : le portail ne répond pas à {url}.")


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    options.add_argument("--port", type=int, default=8798)
    args = options.parse_args()
    if not Path(args.lighthouse).exists():
        sys.exit(f"Lighthouse introuvable ({args.lighthouse}) : npm i -E --prefix /tmp/lh lighthouse@12.2.3")
    import django

    django.setup()
    serveur, url = demarrer_serveur(args.port)
    try:
        attendre(url)
        sessions = {}
        print(f"{'page':10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for nom, chemin, role in PAGES:
            entetes = {}
            if role:
                sessions.setdefault(role, se_connecter(url, role))
                entetes["Cookie"] = f"sessionid={sessions[role]}"
            with tempfile.TemporaryDirectory() as dossier:
                rapport = Path(dossier) / "rapport.json"
                fini = subprocess.run(
                    [
                        args.lighthouse,
                        url + chemin,
                        "--quiet",
                        "--output=json",
                        f"--output-path={rapport}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        f"--extra-headers={json.dumps(entetes)}",
                        "--chrome-flags=--headless=new --no-sandbox",
                    ],
                    env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                    capture_output=True,
                    text=True,
                )
                if fini.returncode:
                    sys.exit(f"ÉCHEC : Lighthouse sur {chemin} :\n{fini.stderr[-2000:]}")
                resultat = json.loads(rapport.read_text())
            if resultat["finalDisplayedUrl"].rstrip("/") != (url + chemin).rstrip("/"):
                sys.exit(f"ÉCHEC : {chemin} a mené à {resultat['finalDisplayedUrl']} : rien n'est rapporté.")
            notes = [round(resultat["categories"][c]["score"] * 100) for c in CATEGORIES]
            print(f"{nom:10} " + " ".join(f"{n:>15}" for n in notes))
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)


if __name__ == "__main__":
    main()
