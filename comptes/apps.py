from django.apps import AppConfig


class ComptesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comptes"
    verbose_name = "Comptes et sécurité"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from comptes import signaux

        user_logged_in.connect(signaux.connexion, dispatch_uid="comptes_connexion")
        user_logged_in.connect(signaux.langue, dispatch_uid="comptes_langue")
        user_login_failed.connect(signaux.connexion_echouee, dispatch_uid="comptes_connexion_echouee")
        user_locked_out.connect(signaux.verrouillage, dispatch_uid="comptes_verrouillage")
