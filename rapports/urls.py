from django.urls import path

from rapports import views

app_name = "rapports"
urlpatterns = [
    path("creneaux/<slug:slug>/fiche.pdf", views.FicheCreneauPdf.as_view(), name="fiche_creneau"),
]
