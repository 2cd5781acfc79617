from django.urls import path

from plans.views import plans

app_name = "plans"
urlpatterns = [
    path("creneau/<slug:slug>/", plans.PlansCreneauView.as_view(), name="creneau"),
    path("creneau/<slug:slug>/nouveau/", plans.PlanCreerView.as_view(), name="creer"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", plans.PlanModifierView.as_view(), name="modifier"),
]
for nom, (creer, modifier, supprimer) in {"axe": plans.AXE, "objectif": plans.OBJECTIF, "action": plans.ACTION}.items():
    urlpatterns += [
        path(f"{nom}s/ajouter-dans/<int:pk>/", creer, name=f"{nom}_ajouter"),
        path(f"{nom}s/<int:pk>/modifier/", modifier, name=f"{nom}_modifier"),
        path(f"{nom}s/<int:pk>/supprimer/", supprimer, name=f"{nom}_supprimer"),
    ]
