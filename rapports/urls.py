from django.urls import path

from rapports import views

app_name = "rapports"
urlpatterns = [
    path("creneaux/<slug:slug>/fiche.pdf", views.FicheCreneauPdf.as_view(), name="fiche_creneau"),
    path("regions/<str:code>/rapport.pdf", views.RapportRegionalPdf.as_view(), name="rapport_regional"),
    path("provincial.pdf", views.RapportProvincialPdf.as_view(), name="rapport_provincial"),
    path("tableau-de-bord/", views.TableauDeBord.as_view(), name="tableau_de_bord"),
    path("tableau-de-bord/<slug:tableau>.<slug:format>", views.ExportTableau.as_view(), name="export"),
]
