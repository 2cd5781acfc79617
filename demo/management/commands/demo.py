"""Load the demo data set (idempotent), or a larger synthetic one with --echelle N."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from creneaux.roles import invalider_roles
from demo import activites, bilans, creneaux, importations, jetons, plans, projets, seances
from demo.comptes import MOT_DE_PASSE_DEMO, tableau_des_connexions

# In this order (each builds on the previous ones); each charger(echelle, sortie) returns the
# (role, username) demo log-ins it made.
CHARGEURS = [
    creneaux.charger, plans.charger, activites.charger, projets.charger, seances.charger, bilans.charger,
    importations.charger, jetons.charger,
]  # fmt: skip


class Command(BaseCommand):
    help = "Charge les données de démonstration (sans doublon si relancée)."

    def add_arguments(self, parser):
        parser.add_argument("--echelle", type=int, default=1, help="Multiplie le volume (données synthétiques).")
        parser.add_argument(
            "--en-production",
            action="store_true",
            help="Charge aussi avec DEBUG=0 (comptes au mot de passe publié : jamais sur un vrai portail).",
        )

    def handle(self, *args, echelle, en_production, **options):
        # The demo log-ins (admin included) share a published password and TOTP keys: a
        # production database must never get them by mistake.
        if not settings.DEBUG and not en_production:
            raise CommandError(
                "DEBUG=0 : la démonstration crée des comptes au mot de passe publié (dont admin). "
                "Ajoutez --en-production pour la charger quand même (banc d'essai, vérification)."
            )
        comptes = []
        for charger in CHARGEURS:
            with transaction.atomic():
                comptes += charger(echelle=echelle, sortie=self.stdout) or []
        # Mandates and règlements were bulk-created (no signals): cached roles of reused ids are stale.
        invalider_roles()
        if echelle > 1 and connection.vendor == "postgresql":
            # Bulk-loaded tables: refresh the planner's statistics before anyone measures.
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")
        if comptes:
            self.stdout.write(self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO})"))
            for ligne in tableau_des_connexions(comptes):
                self.stdout.write(ligne)
