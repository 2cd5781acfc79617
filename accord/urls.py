from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portail.urls")),
    path("comptes/", include("comptes.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/", include("creneaux.urls_regions")),
    path("creneaux/", include("creneaux.urls")),
    path("plans/", include("plans.urls")),
    path("projets/", include("projets.urls")),
    path("bilans/", include("bilans.urls")),
    path("rapports/", include("rapports.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "portail.views.refus"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
