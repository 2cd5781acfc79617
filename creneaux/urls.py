from django.urls import path

from creneaux import views, views_recherche, vues_excellence

app_name = "creneaux"
urlpatterns = [
    path("", views.AnnuaireView.as_view(), name="annuaire"),
    path("organisations/", views.OrganisationsView.as_view(), name="organisations"),
    path("organisations/ajouter/", views.OrganisationAjouterView.as_view(), name="organisation_ajouter"),
    path("organisations/<int:pk>/", views.OrganisationView.as_view(), name="organisation"),
    path("organisations/<int:pk>/modifier/", views.OrganisationModifierView.as_view(), name="organisation_modifier"),
    path("comites/<int:pk>/", views.ComiteView.as_view(), name="comite"),
    path("comites/<int:pk>/modifier/", views.ComiteModifierView.as_view(), name="comite_modifier"),
    path("comites/<int:pk>/membres/ajouter/", views.MandatAjouterView.as_view(), name="mandat_ajouter"),
    path("comites/<int:pk>/reglement/", views.ReglementView.as_view(), name="reglement"),
    path("reglements/<int:pk>/decision/", views.confirmer_reglement, name="reglement_decision"),
    path("mandats/<int:pk>/terminer/", views.MandatTerminerView.as_view(), name="mandat_terminer"),
    path("mandats/<int:pk>/demissionner/", views.DemissionView.as_view(), name="mandat_demissionner"),
    path("mandats/<int:pk>/confirmer/", views.confirmer_mandat, name="mandat_confirmer"),
    path("mandats/<int:pk>/refuser/", views.refuser_mandat, name="mandat_refuser"),
    path("reunions/<int:pk>/proces-verbal/", views.ProcesVerbalView.as_view(), name="proces_verbal"),
    path("ententes/", views.EntentesView.as_view(), name="ententes"),
    path("ententes/<int:pk>/modifier/", views.EntenteModifierView.as_view(), name="entente_modifier"),
    path("ententes/region/<str:code>/ajouter/", views.EntenteAjouterView.as_view(), name="entente_principe_ajouter"),
    path("coordinations/<int:pk>/terminer/", views.terminer_coordination, name="coordination_terminer"),
    path("collaborations/demandes/<int:pk>/repondre/", views.repondre_collaboration, name="repondre_collaboration"),
    path("<slug:slug>/", views.FicheView.as_view(), name="fiche"),
    path("<slug:slug>/etape/", views.EtapeView.as_view(), name="etape"),
    path("<slug:slug>/coordination/", views.CoordinationView.as_view(), name="coordination"),
    path("<slug:slug>/ententes/ajouter/", views.EntenteAjouterView.as_view(), name="entente_ajouter"),
    path("<slug:slug>/modifier/", views.CreneauModifierView.as_view(), name="modifier"),
    path("<slug:slug>/comites/ajouter/", views.ComiteAjouterView.as_view(), name="comite_ajouter"),
    path("<slug:slug>/partenariats/ajouter/", views.PartenariatAjouterView.as_view(), name="partenariat_ajouter"),
    path("<slug:slug>/partenariats/<int:pk>/", views.PartenariatModifierView.as_view(), name="partenariat_modifier"),
    path("<slug:slug>/collaborations/ajouter/", views.CollaborationAjouterView.as_view(), name="collaboration_ajouter"),
    path("<slug:slug>/collaborations/<int:pk>/", views.CollaborationModifierView.as_view(), name="collaboration_modifier"),
    path("<slug:slug>/collaborations/<int:pk>/quitter/", views.quitter_collaboration, name="collaboration_quitter"),
    # Member companies and the dossier d'excellence.
    path("<slug:slug>/membres/ajouter/", vues_excellence.MembreAjouterView.as_view(), name="membre_ajouter"),
    path("<slug:slug>/membres/<int:pk>/", vues_excellence.MembreModifierView.as_view(), name="membre_modifier"),
    path("<slug:slug>/dossier-excellence/", vues_excellence.DossierExcellenceView.as_view(), name="dossier_excellence"),
    path(
        "<slug:slug>/dossier-excellence/documentation/",
        vues_excellence.DocumentationExcellenceView.as_view(),
        name="documentation_excellence",
    ),
    # Autocomplete pickers (JSON).
    path("comites/<int:pk>/personnes/recherche/", views_recherche.personnes, name="recherche_personnes"),
    path("comites/<int:pk>/organisations/recherche/", views_recherche.organisations_comite, name="organisations_comite"),
    path("<slug:slug>/organisations/recherche/", views_recherche.organisations, name="recherche_organisations"),
    path(
        "<slug:slug>/coordination/personnes/recherche/",
        views_recherche.personnes_coordination,
        name="recherche_personnes_coordination",
    ),
    path("<slug:slug>/gestionnaires/recherche/", views_recherche.gestionnaires, name="recherche_gestionnaires"),
]
