from django.urls import path

from plans import vues_strategies as views

app_name = "strategies"
urlpatterns = [
    path("", views.StrategiesView.as_view(), name="liste"),
    path("<int:pk>/", views.StrategieView.as_view(), name="strategie"),
    path("<int:pk>/modifier/", views.StrategieModifierView.as_view(), name="strategie_modifier"),
    path("<int:pk>/priorites/ajouter/", views.PrioriteCreerView.as_view(), name="priorite_ajouter"),
    path("priorites/<int:pk>/modifier/", views.PrioriteModifierView.as_view(), name="priorite_modifier"),
    path("region/<str:code>/ajouter/", views.StrategieCreerView.as_view(), name="strategie_ajouter"),
    path("partenaires/", views.PlansPartenairesView.as_view(), name="plans_partenaires"),
    path("partenaires/ajouter/", views.PlanPartenaireCreerView.as_view(), name="plan_partenaire_ajouter"),
    path("partenaires/<int:pk>/", views.PlanPartenaireView.as_view(), name="plan_partenaire"),
    path("partenaires/<int:pk>/modifier/", views.PlanPartenaireModifierView.as_view(), name="plan_partenaire_modifier"),
    path("partenaires/<int:pk>/actions/ajouter/", views.ActionPartenaireCreerView.as_view(), name="action_partenaire_ajouter"),
    path(
        "partenaires/actions/<int:pk>/modifier/", views.ActionPartenaireModifierView.as_view(), name="action_partenaire_modifier"
    ),
]
