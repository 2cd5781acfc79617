from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projets"
    verbose_name = _("Projets FSDCE")

    def ready(self):
        # What a merged or withdrawn créneau's open projects become, and which organisations they
        # use: creneaux (a lower layer) asks through its hooks (creneaux/crochets.py).
        from creneaux import crochets
        from projets import actions

        crochets.enregistrer_fin_de_creneau(actions.FinDeCreneau)
        crochets.enregistrer_organisation_utilisee(actions.creneaux_utilisant)
