from django.urls import path

from portail import sante, views

app_name = "portail"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", sante.sante, name="sante"),
    path("sante/detail/", sante.sante_detail, name="sante_detail"),
]
