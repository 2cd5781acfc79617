from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"

    def ready(self):
        # A créneau is recognised only with an adopted plan d'action: creneaux (a lower layer)
        # asks through its hook (creneaux/crochets.py).
        from creneaux import crochets
        from plans.models import plan_adopte_pour_reconnaissance

        crochets.enregistrer_reconnaissance(plan_adopte_pour_reconnaissance)
