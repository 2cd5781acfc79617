from django.shortcuts import render

from creneaux.roles import roles_de
from portail.a_traiter import taches_de
from seances.selectors import prochaines


def accueil(request):
    return render(
        request,
        "portail/accueil.html",
        {"roles": roles_de(request.user), "taches": taches_de(request.user), "seances": prochaines(request.user)},
    )


def refus(request, exception=None):
    """403 page that tells the user why (the rule's reason travels in the exception)."""
    raison = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"raison": raison}, status=403)
