"""Achieved value of an action's progress; required manual indicators (all but the créneau's member
firms: not every créneau has members or adherents)."""

from django.db import migrations, models

FACULTATIFS = ["entreprises-membres"]


def facultatifs(apps, schema_editor):
    apps.get_model("bilans", "Indicateur").objects.filter(code__in=FACULTATIFS).update(obligatoire=False)


class Migration(migrations.Migration):
    dependencies = [("bilans", "0004_textes_bornes")]

    operations = [
        migrations.AddField(
            model_name="avancementaction",
            name="valeur_atteinte",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="valeur atteinte"),
        ),
        migrations.AddField(
            model_name="indicateur",
            name="obligatoire",
            field=models.BooleanField(
                default=True,
                help_text="Un indicateur saisi par la coordination doit avoir une valeur pour que le bilan soit soumis.",
                verbose_name="obligatoire",
            ),
        ),
        migrations.RunPython(facultatifs, migrations.RunPython.noop),
    ]
