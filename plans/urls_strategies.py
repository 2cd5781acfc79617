from django.urls import path

from plans.views import strategies

app_name = "strategies"
urlpatterns = [
    path("", strategies.StrategiesView.as_view(), name="liste"),
    path("<int:pk>/", strategies.StrategieView.as_view(), name="strategie"),
    path("<int:pk>/modifier/", strategies.StrategieModifierView.as_view(), name="strategie_modifier"),
    path("<int:pk>/priorites/ajouter/", strategies.PrioriteCreerView.as_view(), name="priorite_ajouter"),
    path("priorites/<int:pk>/modifier/", strategies.PrioriteModifierView.as_view(), name="priorite_modifier"),
    path("region/<str:code>/ajouter/", strategies.StrategieCreerView.as_view(), name="strategie_ajouter"),
    path("partenaires/", strategies.PlansPartenairesView.as_view(), name="plans_partenaires"),
    path("partenaires/ajouter/", strategies.PlanPartenaireCreerView.as_view(), name="plan_partenaire_ajouter"),
    path("partenaires/<int:pk>/", strategies.PlanPartenaireView.as_view(), name="plan_partenaire"),
    path("partenaires/<int:pk>/modifier/", strategies.PlanPartenaireModifierView.as_view(), name="plan_partenaire_modifier"),
    path(
        "partenaires/<int:pk>/actions/ajouter/", strategies.ActionPartenaireCreerView.as_view(), name="action_partenaire_ajouter"
    ),
    path(
        "partenaires/actions/<int:pk>/modifier/",
        strategies.ActionPartenaireModifierView.as_view(),
        name="action_partenaire_modifier",
    ),
]
