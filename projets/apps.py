from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projets"
    verbose_name = _("Projets FSDCE")

    def ready(self):
        # What a merged or withdrawn créneau's open projects become, and which organisations they
        # use: creneaux (a lower layer) asks through its extension points.
        from creneaux.actions import Extensions
        from projets import actions

        if actions.FinDeCreneau not in Extensions.fin:
            Extensions.fin.append(actions.FinDeCreneau)
        if actions.creneaux_utilisant not in Extensions.organisation_utilisee:
            Extensions.organisation_utilisee.append(actions.creneaux_utilisant)
