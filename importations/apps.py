from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importations"
    verbose_name = _("Importations")
