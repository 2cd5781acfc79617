from django.urls import path

from api import vues_jetons
from api.v1 import api

urlpatterns = [
    path("v1/", api.urls),
    path("jetons/", vues_jetons.jetons, name="api_jetons"),
    path("jetons/<int:pk>/revoquer/", vues_jetons.revoquer, name="api_revoquer_jeton"),
]
