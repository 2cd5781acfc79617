from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control

from creneaux.roles import roles_de
from noyau.views import regle_requise
from portail.a_traiter import a_traiter
from seances.selectors import prochaines


@regle_requise("portail.accueil")
def accueil(request):
    """The home page: the user's « À traiter » (grouped, filtered by the GET form), coming séances
    and roles; for an anonymous visitor, the way in."""
    return render(
        request,
        "portail/accueil.html",
        {
            "roles": roles_de(request.user),
            "a_traiter": a_traiter(request.user, request.GET),
            "seances": prochaines(request.user),
        },
    )


def refus(request, exception=None):
    """403 page that tells the user why (the rule's reason travels in the exception)."""
    raison = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"raison": raison}, status=403)


def favicon(request):
    """/favicon.ico, asked for by browsers whatever the page says: the SVG icon (its hashed,
    long-cached static URL)."""
    reponse = HttpResponseRedirect(static("favicon.svg"))
    patch_cache_control(reponse, public=True, max_age=86400)
    return reponse
