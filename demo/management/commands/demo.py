"""Load the demo data set (idempotent), or a larger synthetic one with --echelle N."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from demo.comptes import MOT_DE_PASSE_DEMO

# Each app's demo module exposes charger(echelle, sortie) -> list of (role, username) demo log-ins.
CHARGEURS = ["demo.creneaux", "demo.plans", "demo.projets", "demo.bilans"]


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans doublon si relancée)."

    def add_arguments(self, parser):
        parser.add_argument("--echelle", type=int, default=1, help="Multiplie le volume (données synthétiques).")

    def handle(self, *args, echelle, **options):
        comptes = []
        for chemin in CHARGEURS:
            with transaction.atomic():
                comptes += import_module(chemin).charger(echelle=echelle, sortie=self.stdout) or []
        if echelle > 1 and connection.vendor == "postgresql":
            # Bulk-loaded tables: refresh the planner's statistics before anyone measures.
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")
        if comptes:
            self.stdout.write(self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO})"))
            for role, username in comptes:
                self.stdout.write(f"  {role:<55} {username}")
