from django.urls import path

from donnees import views

app_name = "donnees"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:nom>.csv", views.csv_jeu, name="csv"),
    path("<slug:nom>.json", views.json_jeu, name="json"),
]
