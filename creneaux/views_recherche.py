"""JSON endpoints of the autocomplete pickers (static/js/pickers.js): `?q=` → at most
recherche.LIMITE results `{"value", "text", "detail"}`. Each is guarded by the rule of the form
that uses it: a refused user gets a 403 (an anonymous one, the login page)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from creneaux import recherche
from creneaux.models import Comite, Creneau
from noyau.vues import regle_requise

MAX_Q = 100


def _q(request):
    return request.GET.get("q", "")[:MAX_Q].strip()


def _comite(request, pk):
    return get_object_or_404(Comite.objects.select_related("creneau", "region"), pk=pk)


def _creneau(request, slug):
    return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=slug)


@require_GET
@never_cache
@regle_requise("creneaux.modifier_comite", objet=_comite)
def personnes(request, pk):
    """The people who may be named to the comité (its mandate form: rule creneaux.modifier_comite)."""
    trouvees = recherche.personnes_pour_comite(request.objet_regle, _q(request))
    return JsonResponse({"resultats": [recherche.personne_json(p) for p in trouvees]})


@require_GET
@never_cache
@regle_requise("creneaux.modifier_comite", objet=_comite)
def organisations_comite(request, pk):
    """The organisation of a new person named to the comité (same mandate form and rule)."""
    trouvees = recherche.organisations_pour_comite(request.objet_regle, _q(request))
    return JsonResponse({"resultats": [recherche.organisation_json(o) for o in trouvees]})


@require_GET
@never_cache
@regle_requise("creneaux.modifier", objet=_creneau)
def gestionnaires(request, slug):
    """The organisme gestionnaire the créneau may name (its file's form: rule creneaux.modifier)."""
    trouvees = recherche.organisations_pour_gestion(request.objet_regle, _q(request))
    return JsonResponse({"resultats": [recherche.organisation_json(o) for o in trouvees]})


@require_GET
@never_cache
@regle_requise("projets.creer", objet=_creneau)
def organisations(request, slug):
    """The organisations a project of the créneau may name as porteur or partner. Its form (the
    filing step « Porteur et partenaires ») is the créneau's coordination's (rule projets.modifier,
    whose role and créneau conditions are those of projets.creer, asked here by name)."""
    trouvees = recherche.organisations_pour_projet(request.objet_regle, _q(request))
    return JsonResponse({"resultats": [recherche.organisation_json(o) for o in trouvees]})
