from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeancesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "seances"
    verbose_name = _("Séances des comités")

    def ready(self):
        # The cahier de séance registers its builder with rapports.generation (the worker's task).
        from seances import cahier  # noqa: F401
