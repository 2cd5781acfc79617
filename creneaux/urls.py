from django.urls import path

from creneaux.views import creneaux, excellence, recherche

app_name = "creneaux"
urlpatterns = [
    path("", creneaux.AnnuaireView.as_view(), name="annuaire"),
    path("organisations/", creneaux.OrganisationsView.as_view(), name="organisations"),
    path("organisations/ajouter/", creneaux.OrganisationAjouterView.as_view(), name="organisation_ajouter"),
    path("organisations/<int:pk>/", creneaux.OrganisationView.as_view(), name="organisation"),
    path("organisations/<int:pk>/modifier/", creneaux.OrganisationModifierView.as_view(), name="organisation_modifier"),
    path("comites/<int:pk>/", creneaux.ComiteView.as_view(), name="comite"),
    path("comites/<int:pk>/modifier/", creneaux.ComiteModifierView.as_view(), name="comite_modifier"),
    path("comites/<int:pk>/membres/ajouter/", creneaux.MandatAjouterView.as_view(), name="mandat_ajouter"),
    path("comites/<int:pk>/reglement/", creneaux.ReglementView.as_view(), name="reglement"),
    path("reglements/<int:pk>/decision/", creneaux.confirmer_reglement, name="reglement_decision"),
    path("mandats/<int:pk>/terminer/", creneaux.MandatTerminerView.as_view(), name="mandat_terminer"),
    path("mandats/<int:pk>/demissionner/", creneaux.DemissionView.as_view(), name="mandat_demissionner"),
    path("mandats/<int:pk>/confirmer/", creneaux.confirmer_mandat, name="mandat_confirmer"),
    path("mandats/<int:pk>/refuser/", creneaux.refuser_mandat, name="mandat_refuser"),
    path("reunions/<int:pk>/proces-verbal/", creneaux.ProcesVerbalView.as_view(), name="proces_verbal"),
    path("ententes/", creneaux.EntentesView.as_view(), name="ententes"),
    path("ententes/<int:pk>/modifier/", creneaux.EntenteModifierView.as_view(), name="entente_modifier"),
    path("ententes/region/<str:code>/ajouter/", creneaux.EntenteAjouterView.as_view(), name="entente_principe_ajouter"),
    path("coordinations/<int:pk>/terminer/", creneaux.terminer_coordination, name="coordination_terminer"),
    path("collaborations/demandes/<int:pk>/repondre/", creneaux.repondre_collaboration, name="repondre_collaboration"),
    path("<slug:slug>/", creneaux.FicheView.as_view(), name="fiche"),
    path("<slug:slug>/comites/", creneaux.FicheComitesView.as_view(), name="fiche_comites"),
    path("<slug:slug>/partenaires/", creneaux.FichePartenairesView.as_view(), name="fiche_partenaires"),
    path("<slug:slug>/etape/", creneaux.EtapeView.as_view(), name="etape"),
    path("<slug:slug>/coordination/", creneaux.CoordinationView.as_view(), name="coordination"),
    path("<slug:slug>/ententes/ajouter/", creneaux.EntenteAjouterView.as_view(), name="entente_ajouter"),
    path("<slug:slug>/modifier/", creneaux.CreneauModifierView.as_view(), name="modifier"),
    path("<slug:slug>/comites/ajouter/", creneaux.ComiteAjouterView.as_view(), name="comite_ajouter"),
    path("<slug:slug>/partenariats/ajouter/", creneaux.PartenariatAjouterView.as_view(), name="partenariat_ajouter"),
    path("<slug:slug>/partenariats/<int:pk>/", creneaux.PartenariatModifierView.as_view(), name="partenariat_modifier"),
    path("<slug:slug>/collaborations/ajouter/", creneaux.CollaborationAjouterView.as_view(), name="collaboration_ajouter"),
    path("<slug:slug>/collaborations/<int:pk>/", creneaux.CollaborationModifierView.as_view(), name="collaboration_modifier"),
    path("<slug:slug>/collaborations/<int:pk>/quitter/", creneaux.quitter_collaboration, name="collaboration_quitter"),
    # Member companies and the dossier d'excellence.
    path("<slug:slug>/membres/ajouter/", excellence.MembreAjouterView.as_view(), name="membre_ajouter"),
    path("<slug:slug>/membres/<int:pk>/", excellence.MembreModifierView.as_view(), name="membre_modifier"),
    path("<slug:slug>/dossier-excellence/", excellence.DossierExcellenceView.as_view(), name="dossier_excellence"),
    path(
        "<slug:slug>/dossier-excellence/documentation/",
        excellence.DocumentationExcellenceView.as_view(),
        name="documentation_excellence",
    ),
    # Autocomplete pickers (JSON).
    path("comites/<int:pk>/personnes/recherche/", recherche.personnes, name="recherche_personnes"),
    path("comites/<int:pk>/organisations/recherche/", recherche.organisations_comite, name="organisations_comite"),
    path("<slug:slug>/organisations/recherche/", recherche.organisations, name="recherche_organisations"),
    path(
        "<slug:slug>/coordination/personnes/recherche/",
        recherche.personnes_coordination,
        name="recherche_personnes_coordination",
    ),
    path("<slug:slug>/gestionnaires/recherche/", recherche.gestionnaires, name="recherche_gestionnaires"),
]
