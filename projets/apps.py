from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projets"
    verbose_name = _("Projets FSDCE")
