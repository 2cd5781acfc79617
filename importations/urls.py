from django.urls import path

from importations import views

app_name = "importations"

urlpatterns = [
    path("", views.deposer, name="deposer"),
    path("modeles/<str:type_>.<str:format_>", views.modele, name="modele"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirmer/", views.confirmer, name="confirmer"),
]
