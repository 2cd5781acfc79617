"""Server time and SQL queries of the project pages on the large synthetic data set (not a test).

    createdb accord_bench   # a dedicated database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench .venv/bin/python bench/projets.py \
        [--echelle 10] [--repetitions 40]

Migrates and loads `manage.py demo --echelle N` (≥ N × 1 000 projects) when the database has fewer
projects, logs the demo's `ministere` in for real (password, then its TOTP second factor), then
times each page with Django's test Client (in-process: server time, no network), REPETITIONS
requests after a warm-up, and prints median, p95, the median CPU time of this process and the CPU
of this machine's PostgreSQL per request (on a loaded machine, wall time also counts waiting for
the CPU), and the number of SQL queries. A page that answers with anything but 200 (a log-in or
second-factor page above all) stops the run: nothing is reported. The
Django admin changelist of Projet on the same rows is the yardstick: our list's median is printed
as a ratio to it (goal ≤ 1.0, while our list shows more: requested aid, région, filters).
Targets: list p95 < 150 ms, detail p95 < 100 ms, dashboard < 50 ms of Python CPU.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.charge import cpu_postgresql, reglages_de_production  # noqa: E402

# The server's production settings (DEBUG off, cached templates, manifest static files, sessions
# and roles in Redis), as bench/charge.py starts gunicorn with; only the test client's host is
# added. Not the test settings: their fast password hasher would leave demo accounts that a
# production start could not check.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.update(reglages_de_production(ALLOWED_HOSTS="127.0.0.1,testserver"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from comptes.models import AffectationMinistere  # noqa: E402
from demo.comptes import MOT_DE_PASSE_DEMO, cle_totp_demo  # noqa: E402
from demo.projets import SYNTHETIQUE  # noqa: E402
from projets.models import Projet, Statut  # noqa: E402

ECHAUFFEMENT = 3
CIBLES_P95 = {"liste": 150, "liste filtrée": 150, "fiche projet": 100}
CIBLES_CPU = {"tableau de bord": 50}  # ms of Python CPU (its sums are made by PostgreSQL)


def preparer(echelle):
    call_command("migrate", verbosity=0)
    if Projet.objects.count() < echelle * 1000 or not AffectationMinistere.objects.filter(niveau="central").exists():
        print(f"Moins de {echelle * 1000} projets : demo --echelle {echelle} (quelques minutes)…", flush=True)
        call_command("demo", echelle=echelle, en_production=True)
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if not admin.is_staff:
        raise SystemExit("Le superutilisateur de la démo doit pouvoir ouvrir l'administration.")
    # A demo project at the Ministère: decisions, envelope panel, history.
    projet = Projet.objects.filter(statut=Statut.MINISTERE).exclude(description=SYNTHETIQUE).order_by("pk").first()
    return projet


def connecter(nom):
    """A Client logged in as demo user `nom` through the log-in page and, when asked, its second
    factor: the session is what a browser would get (verified by the second factor)."""
    from django_otp.oath import totp

    client = Client()
    reponse = client.post("/comptes/connexion/", {"username": nom, "password": MOT_DE_PASSE_DEMO}, follow=True)
    ou = reponse.redirect_chain[-1][0] if reponse.redirect_chain else "/comptes/connexion/"
    for essai in range(2):
        if "/comptes/double-facteur/" not in ou:
            break
        if essai:  # a TOTP code serves once: a rerun within the same 30 s waits for the next one
            time.sleep(31 - time.time() % 30)
        code = f"{totp(bytes.fromhex(cle_totp_demo(nom)[0])):06d}"
        reponse = client.post(ou, {"code": code}, follow=True)
        ou = reponse.redirect_chain[-1][0] if reponse.redirect_chain else ou
    if "/comptes/connexion/" in ou or "/comptes/double-facteur/" in ou:
        raise SystemExit(f"ÉCHEC : {nom} n'a pas pu se connecter (arrivé à {ou}) : rien n'est mesuré.")
    return client


def obtenir(client, url):
    reponse = client.get(url)
    if reponse.status_code != 200:
        raise SystemExit(f"ÉCHEC : {url} répond {reponse.status_code} ({reponse.get('Location', '')}) : rien n'est mesuré.")


def mesurer(client, url, repetitions):
    for _ in range(ECHAUFFEMENT):
        obtenir(client, url)
    durees, cpu = [], []
    debut_pg = cpu_postgresql()
    for _ in range(repetitions):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        obtenir(client, url)
        durees.append((time.perf_counter() - debut) * 1000)
        cpu.append((time.process_time() - debut_cpu) * 1000)
    pg = (cpu_postgresql() - debut_pg) * 1000 / repetitions
    with CaptureQueriesContext(connection) as requetes:
        client.get(url)
    durees.sort()
    return statistics.median(durees), durees[int(0.95 * len(durees)) - 1], statistics.median(cpu), pg, len(requetes)


def main():
    # As gunicorn.conf.py does before forking its workers: what is loaded now stays out of the
    # garbage collector's walks.
    gc.freeze()
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--echelle", type=int, default=10, help="taille : N × 1 000 projets au moins (défaut 10)")
    options.add_argument("--repetitions", type=int, default=40)
    options = options.parse_args()
    projet = preparer(options.echelle)
    total = Projet.objects.count()
    print(f"{total} projets · {options.repetitions} requêtes par page après {ECHAUFFEMENT} d'échauffement\n")
    nous, django_admin = connecter("ministere"), connecter("admin")
    pages = [
        ("liste", nous, "/projets/"),
        ("liste filtrée", nous, "/projets/?statut=ministere&statut=accepte&demande_min=20000&q=forum&tri=-demande"),
        ("fiche projet", nous, projet.get_absolute_url()),
        ("À traiter (accueil)", nous, "/"),
        ("tableau de bord", nous, "/rapports/tableau-de-bord/"),
        ("admin Projet (changelist)", django_admin, "/admin/projets/projet/"),
    ]
    resultats = {}
    print(f"Charge de la machine (1, 5, 15 min) : {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"{'page':<28}{'médiane':>10}{'p95':>10}{'CPU Python':>12}{'CPU PG':>10}{'requêtes':>10}   cible p95")
    for nom, client, url in pages:
        mediane, p95, cpu, pg, n = mesurer(client, url, options.repetitions)
        resultats[nom] = mediane
        cible, cible_cpu = CIBLES_P95.get(nom), CIBLES_CPU.get(nom)
        verdict = "" if cible is None else f"< {cible} ms {'OK' if p95 < cible else 'DÉPASSÉE'}"
        if cible_cpu is not None:
            verdict = f"CPU < {cible_cpu} ms {'OK' if cpu < cible_cpu else 'DÉPASSÉE'}"
        print(f"{nom:<28}{mediane:>8.1f}ms{p95:>8.1f}ms{cpu:>10.1f}ms{pg:>8.1f}ms{n:>10}   {verdict}")
    ratio = resultats["liste"] / resultats["admin Projet (changelist)"]
    print(f"\nListe / changelist de l'admin (médianes) : {ratio:.2f} (objectif ≤ 1,0)")


if __name__ == "__main__":
    main()
