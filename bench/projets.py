"""Server time and SQL queries of the project pages on the large synthetic data set (not a test).

    createdb accord_bench   # a dedicated database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench .venv/bin/python bench/projets.py

Migrates and loads `manage.py demo --echelle 10` (≥ 10 000 projects) when the database has fewer
projects, then times each page with Django's test Client (in-process: server time, no network),
REPETITIONS requests after a warm-up, and prints median, p95, the median CPU time of this process
(Python only: on a loaded machine, wall time also counts waiting for the CPU and the database) and
the number of SQL queries. The
Django admin changelist of Projet on the same rows is the yardstick: our list's median is printed
as a ratio to it (goal ≤ 1.0, while our list shows more: requested aid, région, filters).
Targets: list p95 < 150 ms, detail p95 < 100 ms.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The real settings (not the test ones: their fast password hasher would leave demo accounts that a
# production start could not check), in DEBUG, with the test client's host allowed.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from comptes.models import AffectationMinistere  # noqa: E402
from demo.projets import SYNTHETIQUE  # noqa: E402
from projets.models import Projet, Statut  # noqa: E402

MINIMUM = 10_000
REPETITIONS = 40
ECHAUFFEMENT = 3
CIBLES_P95 = {"liste": 150, "liste filtrée": 150, "fiche projet": 100}


def preparer():
    call_command("migrate", verbosity=0)
    if Projet.objects.count() < MINIMUM or not AffectationMinistere.objects.filter(niveau="central").exists():
        print(f"Moins de {MINIMUM} projets : demo --echelle 10 (quelques minutes)…", flush=True)
        call_command("demo", echelle=10, en_production=True)
    User = get_user_model()
    central = AffectationMinistere.objects.filter(niveau="central", fin=None).select_related("user").first().user
    admin = User.objects.filter(is_superuser=True).first()
    if not admin.is_staff:
        raise SystemExit("Le superutilisateur de la démo doit pouvoir ouvrir l'administration.")
    # A demo project at the Ministère: decisions, envelope panel, history.
    projet = Projet.objects.filter(statut=Statut.MINISTERE).exclude(description=SYNTHETIQUE).order_by("pk").first()
    return central, admin, projet


def mesurer(client, url):
    for _ in range(ECHAUFFEMENT):
        assert client.get(url).status_code == 200, url
    durees, cpu = [], []
    for _ in range(REPETITIONS):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        reponse = client.get(url)
        durees.append((time.perf_counter() - debut) * 1000)
        cpu.append((time.process_time() - debut_cpu) * 1000)
        assert reponse.status_code == 200, url
    with CaptureQueriesContext(connection) as requetes:
        client.get(url)
    durees.sort()
    return statistics.median(durees), durees[int(0.95 * len(durees)) - 1], statistics.median(cpu), len(requetes)


def main():
    central, admin, projet = preparer()
    total = Projet.objects.count()
    print(f"{total} projets · {REPETITIONS} requêtes par page après {ECHAUFFEMENT} d'échauffement\n")
    nous, django_admin = Client(), Client()
    nous.force_login(central)
    django_admin.force_login(admin)
    pages = [
        ("liste", nous, "/projets/"),
        ("liste filtrée", nous, "/projets/?statut=ministere&statut=accepte&demande_min=20000&q=forum&tri=-demande"),
        ("fiche projet", nous, projet.get_absolute_url()),
        ("À traiter (accueil)", nous, "/"),
        ("admin Projet (changelist)", django_admin, "/admin/projets/projet/"),
    ]
    resultats = {}
    print(f"Charge de la machine (1, 5, 15 min) : {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"{'page':<28}{'médiane':>10}{'p95':>10}{'CPU Python':>12}{'requêtes':>10}   cible p95")
    for nom, client, url in pages:
        mediane, p95, cpu, n = mesurer(client, url)
        resultats[nom] = mediane
        cible = CIBLES_P95.get(nom)
        verdict = "" if cible is None else f"< {cible} ms {'OK' if p95 < cible else 'DÉPASSÉE'}"
        print(f"{nom:<28}{mediane:>8.1f}ms{p95:>8.1f}ms{cpu:>10.1f}ms{n:>10}   {verdict}")
    ratio = resultats["liste"] / resultats["admin Projet (changelist)"]
    print(f"\nListe / changelist de l'admin (médianes) : {ratio:.2f} (objectif ≤ 1,0)")


if __name__ == "__main__":
    main()
