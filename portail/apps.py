from django.apps import AppConfig


class PortailConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portail"
