from django.db import migrations, models
import django.db.models.deletion


# Separate from the data migration before it: PostgreSQL refuses to alter a table with pending
# trigger events from rows updated in the same transaction.
class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0005_priorites_dans_une_strategie"),
    ]

    operations = [
        migrations.AlterField(
            model_name="prioriteregionale",
            name="strategie",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="priorites",
                to="regions.strategieregionale",
                verbose_name="stratégie",
            ),
        ),
    ]
