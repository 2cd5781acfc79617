from django.urls import path

from rapports import views

app_name = "rapports"
urlpatterns = [
    path("creneaux/<slug:slug>/fiche.pdf", views.FicheCreneauPdf.as_view(), name="fiche_creneau"),
    path("regions/<str:code>/rapport.pdf", views.RapportRegionalPdf.as_view(), name="rapport_regional"),
    path("provincial.pdf", views.RapportProvincialPdf.as_view(), name="rapport_provincial"),
]
