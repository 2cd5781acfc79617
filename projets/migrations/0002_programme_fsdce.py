from decimal import Decimal

from django.db import migrations

# The default programme (docs/circuit.md, « L'argent »): the FSDCE with the published PADS rules.
# Organismes ≤ 50 % of eligible costs (≤ 70 % cumulated government aid); businesses, exceptionally,
# ≤ 40 % (≤ 50 %); ministries and public bodies are not eligible (no rule row).
ORGANISMES = ("association", "recherche", "enseignement", "developpement", "obnl", "municipalite", "cooperative")
ENVELOPPE = Decimal("4000000.00")
ENVELOPPE_REGION_RESSOURCE = Decimal("4800000.00")


def charger(apps, schema_editor):
    Programme = apps.get_model("projets", "Programme")
    RegleAide = apps.get_model("projets", "RegleAide")
    Enveloppe = apps.get_model("projets", "Enveloppe")
    Region = apps.get_model("regions", "Region")
    programme, _ = Programme.objects.update_or_create(
        sigle="FSDCE",
        defaults={
            "nom": "Fonds de soutien au développement des créneaux d'excellence",
            "description": (
                "Aide financière non remboursable aux projets structurants des créneaux d'excellence ACCORD : "
                "le projet réunit au moins trois entités partenaires, s'inscrit dans la stratégie du créneau "
                "et profite à plusieurs entreprises."
            ),
            "minimum_partenaires": 3,
            "montant_max": None,
            "ouverture": "2020-04-01",
            "fermeture": None,
        },
    )
    regles = [("entreprise", Decimal("0.40"), Decimal("0.50"), True)]
    regles += [(t, Decimal("0.50"), Decimal("0.70"), False) for t in ORGANISMES]
    for type_porteur, taux, cumul, exceptionnel in regles:
        RegleAide.objects.update_or_create(
            programme=programme,
            type_porteur=type_porteur,
            defaults={"taux_max": taux, "taux_cumul_max": cumul, "exceptionnel": exceptionnel},
        )
    for region in Region.objects.all():
        Enveloppe.objects.update_or_create(
            programme=programme,
            region=region,
            defaults={"montant": ENVELOPPE_REGION_RESSOURCE if region.region_ressource else ENVELOPPE},
        )


class Migration(migrations.Migration):
    dependencies = [("projets", "0001_initial"), ("regions", "0002_regions_officielles")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
