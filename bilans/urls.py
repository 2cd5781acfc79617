from django.urls import path

from bilans import views

app_name = "bilans"
urlpatterns = [
    path("", views.MesBilansView.as_view(), name="mes_bilans"),
    path("suivi/", views.SuiviView.as_view(), name="suivi"),
    path("creneau/<slug:slug>/", views.BilansCreneauView.as_view(), name="creneau"),
    path("creneau/<slug:slug>/ouvrir/", views.OuvrirView.as_view(), name="ouvrir"),
    path("creneau/<slug:slug>/comparaison/", views.ComparaisonView.as_view(), name="comparaison"),
    path("<int:pk>/", views.BilanDetailView.as_view(), name="detail"),
    path("<int:pk>/sections/", views.SectionsView.as_view(), name="sections"),
    path("<int:pk>/indicateurs/", views.IndicateursView.as_view(), name="indicateurs"),
    path("<int:pk>/avancement/", views.AvancementView.as_view(), name="avancement"),
    path("<int:pk>/programmation/", views.ProgrammationView.as_view(), name="programmation"),
    path("<int:pk>/recalculer/", views.RecalculerView.as_view(), name="recalculer"),
    path("<int:pk>/soumettre/", views.SoumettreView.as_view(), name="soumettre"),
    path("<int:pk>/valider/", views.ValiderView.as_view(), name="valider"),
]
