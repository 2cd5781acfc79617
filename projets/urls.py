from django.urls import path

from projets.views import depot, detail, enveloppes, fichiers, liste

app_name = "projets"
urlpatterns = [
    path("", liste.ListeView.as_view(), name="liste"),
    path("export.csv", liste.export_csv, name="export_csv"),
    path("nouveau/", depot.NouveauView.as_view(), name="nouveau"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/enveloppe/", detail.enveloppe, name="enveloppe_fiche"),
    path("<int:pk>/seances/", detail.seances, name="seances_fiche"),
    path("<int:pk>/historique/", detail.historique, name="historique_fiche"),
    path("<int:pk>/etape/<slug:etape>/", depot.EtapeView.as_view(), name="etape"),
    path("<int:pk>/budget/apercu/", depot.apercu_budget, name="apercu_budget"),
    path("<int:pk>/budget/<slug:prefixe>/ligne/", depot.ligne_budget, name="ligne_budget"),
    path("<int:pk>/action/<slug:cle>/", detail.agir, name="agir"),
    path("<int:pk>/pieces/", fichiers.ajouter_piece, name="ajouter_piece"),
    path("<int:pk>/commentaires/", fichiers.commenter, name="commenter"),
    path("pieces/<int:pk>/", fichiers.TelechargerPieceView.as_view(), name="piece"),
    path("enveloppes/<int:enveloppe>/", enveloppes.enveloppe, name="enveloppe"),
    path("decisions/<int:pk>/document/", fichiers.DocumentDecisionView.as_view(), name="document_decision"),
]
