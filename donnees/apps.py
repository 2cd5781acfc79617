from django.apps import AppConfig


class DonneesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "donnees"
