from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NoyauConfig(AppConfig):
    name = "noyau"
    verbose_name = "Noyau"

    def ready(self):
        # Each app declares its permission rules in `<app>/rules.py`: import them all once.
        autodiscover_modules("rules")
