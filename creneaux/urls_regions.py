from django.urls import path

from creneaux import vues_regions as views

app_name = "regions"
urlpatterns = [
    path("", views.RegionsView.as_view(), name="liste"),
    path("<slug:slug>/", views.RegionView.as_view(), name="detail"),
]
