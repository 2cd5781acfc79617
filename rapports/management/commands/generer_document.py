from django.core.management.base import BaseCommand

from rapports.generation import generer
from rapports.models import DocumentGenere


class Command(BaseCommand):
    help = "Génère un document long demandé depuis le portail (rapport provincial ou régional)."

    def add_arguments(self, parser):
        parser.add_argument("document", type=int)

    def handle(self, document, **options):
        generer(DocumentGenere.objects.select_related("demande_par", "region").get(pk=document))
