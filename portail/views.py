from django.shortcuts import render

from creneaux.roles import roles_de
from portail.a_traiter import a_traiter
from seances.selectors import prochaines


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
