from django.urls import path

from api import views
from api.v1 import api

urlpatterns = [
    path("v1/", api.urls),
    path("jetons/", views.jetons, name="api_jetons"),
    path("jetons/<int:pk>/revoquer/", views.revoquer, name="api_revoquer_jeton"),
]
