from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from comptes import views

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("langue/", views.langue, name="langue"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/fait/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("reinitialisation/", views.ReinitialisationView.as_view(), name="password_reset"),
    path("reinitialisation/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reinitialisation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("reinitialisation/terminee/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("securite/", views.securite, name="securite"),
    path("double-facteur/", views.second_facteur, name="double_facteur_verifier"),
    path("double-facteur/activer/", views.activer, name="double_facteur_activer"),
    path("double-facteur/codes/", views.codes, name="double_facteur_codes"),
    path("double-facteur/codes/nouveaux/", views.regenerer_codes, name="double_facteur_regenerer"),
    path("double-facteur/desactiver/", views.desactiver, name="double_facteur_desactiver"),
]
