from django.urls import path

from creneaux.views import regions

app_name = "regions"
urlpatterns = [
    path("", regions.RegionsView.as_view(), name="liste"),
    path("<slug:slug>/", regions.RegionView.as_view(), name="detail"),
]
