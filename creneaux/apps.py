from django.apps import AppConfig


class CreneauxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "creneaux"
