"""Load the catalogue of indicators (bilans/donnees/indicateurs.csv)."""

import csv
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "donnees" / "indicateurs.csv"


def charger(apps, schema_editor):
    Indicateur = apps.get_model("bilans", "Indicateur")
    with CATALOGUE.open(encoding="utf-8") as f:
        for ligne in csv.DictReader(f):
            code = ligne.pop("code")
            Indicateur.objects.update_or_create(code=code, defaults={**ligne, "ordre": int(ligne["ordre"])})


class Migration(migrations.Migration):
    dependencies = [("bilans", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
