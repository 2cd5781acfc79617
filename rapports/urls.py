from django.urls import path

from rapports import views

app_name = "rapports"
urlpatterns = [
    path("creneaux/<slug:slug>/fiche.pdf", views.FicheCreneauPdf.as_view(), name="fiche_creneau"),
    path("projets/<int:pk>/dossier.pdf", views.DossierProjetPdf.as_view(), name="dossier_projet"),
    path("projets/<int:pk>/lettre-decision.pdf", views.LettreDecisionPdf.as_view(), name="lettre_decision"),
    path("partenaires/<int:pk>/plan.pdf", views.PlanPartenairePdf.as_view(), name="plan_partenaire"),
    path("bilans/<int:pk>/bilan.pdf", views.BilanPdf.as_view(), name="bilan"),
    path("regions/<str:code>/rapport.pdf", views.RapportRegionalPdf.as_view(), name="rapport_regional"),
    path("regions/<str:code>/projets.<slug:format>", views.AnnexeRegionale.as_view(), name="annexe_regionale"),
    path("provincial.pdf", views.RapportProvincialPdf.as_view(), name="rapport_provincial"),
    path("provincial-projets.<slug:format>", views.AnnexeProvinciale.as_view(), name="annexe_provinciale"),
    path("documents/<int:pk>/", views.DocumentGenereDetail.as_view(), name="document"),
    path("documents/<int:pk>/relancer", views.DocumentGenereRelancer.as_view(), name="document_relancer"),
    path("documents/<int:pk>/fichier", views.DocumentGenereFichier.as_view(), name="document_fichier"),
    path("tableau-de-bord/", views.TableauDeBord.as_view(), name="tableau_de_bord"),
    path("tableau-de-bord/<slug:tableau>.<slug:format>", views.ExportTableau.as_view(), name="export"),
]
