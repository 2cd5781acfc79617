"""E-mail late coordinations (safe to run daily: never twice the same reminder the same day)."""

import datetime

from django.core.management.base import BaseCommand

from bilans.rappels import envoyer_rappels_detail


class Command(BaseCommand):
    help = "Rappelle aux coordinations en retard de déposer leur bilan annuel (au plus un rappel par jour)."

    def add_arguments(self, parser):
        parser.add_argument("--exercice", type=int, help="Année de début de l'exercice (défaut : le dernier échu).")
        parser.add_argument("--jour", type=datetime.date.fromisoformat, help="Jour de l’envoi, AAAA-MM-JJ.")

    def handle(self, *args, exercice=None, jour=None, **options):
        envoi = envoyer_rappels_detail(jour=jour, exercice=exercice)
        for c in envoi.rappeles:
            self.stdout.write(f"  {c.nom}")
        # Only what was actually e-mailed counts as sent.
        self.stdout.write(self.style.SUCCESS(f"{len(envoi.rappeles)} rappel(s) envoyé(s)."))
        if envoi.sans_destinataire:
            noms = ", ".join(c.nom for c in envoi.sans_destinataire)
            self.stdout.write(
                self.style.WARNING(f"{len(envoi.sans_destinataire)} créneau(x) en retard sans coordination à joindre : {noms}")
            )
