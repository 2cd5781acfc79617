"""JSON endpoints of the autocomplete pickers (static/js/pickers.js): `?q=` → at most
recherche.LIMITE results `{"value", "text", "detail"}`. Each is guarded by the rule of the form
that uses it: a refused user gets a 403 (an anonymous one, the login page)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from creneaux import recherche
from creneaux.models import Comite, Creneau
from noyau.saisies import MESSAGE_NUL, a_un_nul
from noyau.views import regle_requise

MAX_Q = 100


def _comite(request, pk):
    return get_object_or_404(Comite.objects.select_related("creneau", "region"), pk=pk)


def _creneau(request, slug):
    return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=slug)


def point_de_recherche(regle, objet, trouver, en_json):
    """A picker's endpoint: GET only, never cached, allowed by `regle` on `objet(request, **kwargs)`
    (the rule of the form that uses it); answers `trouver(obj, q)`, each row as `en_json(row)`."""

    @require_GET
    @never_cache
    @regle_requise(regle, objet=objet)
    def vue(request, **kwargs):
        q = request.GET.get("q", "")[:MAX_Q].strip()
        if a_un_nul(q):
            return JsonResponse({"resultats": [], "erreur": str(MESSAGE_NUL)}, status=400)
        trouvees = trouver(request.objet_regle, q)
        return JsonResponse({"resultats": [en_json(x) for x in trouvees]})

    return vue


# The people who may be named to the comité, and the organisation of a new one (its mandate form).
personnes = point_de_recherche("creneaux.modifier_comite", _comite, recherche.personnes_pour_comite, recherche.personne_json)
organisations_comite = point_de_recherche(
    "creneaux.modifier_comite", _comite, recherche.organisations_pour_comite, recherche.organisation_json
)
# The organisme gestionnaire the créneau may name (its file's form).
gestionnaires = point_de_recherche(
    "creneaux.modifier", _creneau, recherche.organisations_pour_gestion, recherche.organisation_json
)
# The people the Ministère may appoint to the créneau's coordination (its coordination page).
personnes_coordination = point_de_recherche(
    "creneaux.nommer_coordination", _creneau, recherche.personnes_pour_coordination, recherche.personne_json
)
# The organisations a project of the créneau may name as porteur or partner. Its form (the filing
# step « Porteur et partenaires ») is the créneau's coordination's (rule projets.modifier, whose
# role and créneau conditions are those of projets.creer, asked here by name).
organisations = point_de_recherche("projets.creer", _creneau, recherche.organisations_pour_projet, recherche.organisation_json)
