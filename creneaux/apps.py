from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CreneauxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "creneaux"

    def ready(self):
        from comptes.models import AffectationMinistere
        from creneaux.models import Comite, Coordination, Mandat, Personne, Reglement

        # What a user's roles are made of (creneaux.roles): any change makes the cached roles stale.
        for modele in (AffectationMinistere, Comite, Coordination, Mandat, Personne, Reglement):
            for nom, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(_invalider, sender=modele, dispatch_uid=f"roles-{modele._meta.label}-{nom}")


def _invalider(sender, **kwargs):
    from creneaux.roles import invalider_roles

    invalider_roles()
