"""Load the demo data set (idempotent), or a larger synthetic one with --echelle N."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from demo import activites, bilans, creneaux, plans, projets, seances
from demo.comptes import MOT_DE_PASSE_DEMO

# In this order (each builds on the previous ones); each charger(echelle, sortie) returns the
# (role, username) demo log-ins it made.
CHARGEURS = [creneaux.charger, plans.charger, activites.charger, projets.charger, seances.charger, bilans.charger]


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans doublon si relancée)."

    def add_arguments(self, parser):
        parser.add_argument("--echelle", type=int, default=1, help="Multiplie le volume (données synthétiques).")

    def handle(self, *args, echelle, **options):
        comptes = []
        for charger in CHARGEURS:
            with transaction.atomic():
                comptes += charger(echelle=echelle, sortie=self.stdout) or []
        if echelle > 1 and connection.vendor == "postgresql":
            # Bulk-loaded tables: refresh the planner's statistics before anyone measures.
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")
        if comptes:
            self.stdout.write(self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO})"))
            for role, username in comptes:
                self.stdout.write(f"  {role:<55} {username}")
