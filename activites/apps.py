from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activites"
    verbose_name = _("Activités des créneaux")
