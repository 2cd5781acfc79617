from django.urls import path

from projets import views

app_name = "projets"
urlpatterns = [
    path("", views.ListeView.as_view(), name="liste"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("nouveau/", views.NouveauView.as_view(), name="nouveau"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:etape>/", views.EtapeView.as_view(), name="etape"),
    path("<int:pk>/budget/apercu/", views.apercu_budget, name="apercu_budget"),
    path("<int:pk>/action/<slug:cle>/", views.agir, name="agir"),
    path("<int:pk>/pieces/", views.ajouter_piece, name="ajouter_piece"),
    path("<int:pk>/commentaires/", views.commenter, name="commenter"),
    path("pieces/<int:pk>/", views.telecharger_piece, name="piece"),
    path("decisions/<int:pk>/document/", views.document_decision, name="document_decision"),
]
