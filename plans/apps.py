from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"

    def ready(self):
        # A créneau is recognised only with an adopted plan d'action (docs/circuit.md): creneaux (a
        # lower layer) asks through its extension point.
        from creneaux.actions import Extensions
        from plans.models import plan_adopte_pour_reconnaissance

        if plan_adopte_pour_reconnaissance not in Extensions.reconnaissance:
            Extensions.reconnaissance.append(plan_adopte_pour_reconnaissance)
