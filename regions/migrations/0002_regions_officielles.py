from django.db import migrations
from django.utils.text import slugify

# The 17 administrative regions of Québec (official codes); régions ressources flagged.
REGIONS = [
    ("01", "Bas-Saint-Laurent", True),
    ("02", "Saguenay–Lac-Saint-Jean", True),
    ("03", "Capitale-Nationale", False),
    ("04", "Mauricie", True),
    ("05", "Estrie", False),
    ("06", "Montréal", False),
    ("07", "Outaouais", False),
    ("08", "Abitibi-Témiscamingue", True),
    ("09", "Côte-Nord", True),
    ("10", "Nord-du-Québec", True),
    ("11", "Gaspésie–Îles-de-la-Madeleine", True),
    ("12", "Chaudière-Appalaches", False),
    ("13", "Laval", False),
    ("14", "Lanaudière", False),
    ("15", "Laurentides", False),
    ("16", "Montérégie", False),
    ("17", "Centre-du-Québec", False),
]


def charger(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    for code, nom, ressource in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"nom": nom, "slug": slugify(nom), "region_ressource": ressource}
        )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
