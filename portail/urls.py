from django.urls import path

from portail.views import pages, sante

app_name = "portail"
urlpatterns = [
    path("", pages.accueil, name="accueil"),
    path("sante/", sante.sante, name="sante"),
    path("sante/detail/", sante.sante_detail, name="sante_detail"),
]
