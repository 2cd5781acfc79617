from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from comptes.double_facteur import session_verifiee
from portail.views import pages as portail_pages


def _admin_autorise(request):
    """The admin asks for the same second factor as the rest of the portal."""
    return request.user.is_active and request.user.is_staff and session_verifiee(request)


admin.site.has_permission = _admin_autorise

urlpatterns = [
    path("", include("portail.urls")),
    path("favicon.ico", portail_pages.favicon, name="favicon"),
    path("comptes/", include("comptes.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/", include("creneaux.urls_regions")),
    path("creneaux/", include("creneaux.urls")),
    path("plans/", include("plans.urls")),
    path("strategies/", include("plans.urls_strategies")),
    path("activites/", include("activites.urls")),
    path("projets/", include("projets.urls")),
    path("bilans/", include("bilans.urls")),
    path("rapports/", include("rapports.urls")),
    path("seances/", include("seances.urls")),
    path("importations/", include("importations.urls")),
    path("donnees-ouvertes/", include("donnees.urls")),
    path("api/", include("api.urls")),
    # The admin's own log-in page is the portal's (same throttling, then the second factor).
    path(f"{settings.ADMIN_URL}login/", auth_views.LoginView.as_view(), name="connexion_admin"),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler403 = "portail.views.pages.refus"
handler500 = "noyau.pannes.erreur_serveur"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
