from django.urls import path

from activites import views

app_name = "activites"
urlpatterns = [
    path("creneau/<slug:slug>/", views.ActivitesView.as_view(), name="creneau"),
    path("creneau/<slug:slug>/ajouter/", views.ActiviteFormView.as_view(), name="ajouter"),
    path("creneau/<slug:slug>/<int:pk>/modifier/", views.ActiviteModifierView.as_view(), name="modifier"),
]
