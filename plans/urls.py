from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("creneau/<slug:slug>/", views.PlansCreneauView.as_view(), name="creneau"),
    path("creneau/<slug:slug>/nouveau/", views.PlanCreerView.as_view(), name="creer"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.PlanModifierView.as_view(), name="modifier"),
]
for nom, (creer, modifier, supprimer) in {"axe": views.AXE, "objectif": views.OBJECTIF, "action": views.ACTION}.items():
    urlpatterns += [
        path(f"{nom}s/ajouter-dans/<int:pk>/", creer, name=f"{nom}_ajouter"),
        path(f"{nom}s/<int:pk>/modifier/", modifier, name=f"{nom}_modifier"),
        path(f"{nom}s/<int:pk>/supprimer/", supprimer, name=f"{nom}_supprimer"),
    ]
