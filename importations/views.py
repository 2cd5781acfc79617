"""The import pages: upload → preview (rows created, changed, unchanged, invalid with the reason
next to their cell) → confirm. Ministère only (rule importations.importer)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from importations import actions
from importations.formulaires import ConfirmationForm, DepotForm
from importations.modeles import modele_csv, modele_xlsx
from importations.models import Importation
from importations.ressources import RESSOURCES
from importations.selectors import importations_recentes
from noyau.actions import ActionRefusee
from noyau.views import regle_requise

TYPES_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _types():
    return [(valeur, libelle, RESSOURCES[valeur].COLONNES) for valeur, libelle in Importation.Type.choices]


ELEMENTS_AFFICHES = 200


def _page(request, form, importation=None, apercu=None, confirmation=None, statut=200):
    elements = []
    if importation is not None and importation.statut == Importation.Statut.CONFIRMEE:
        elements = importation.elements.select_related("type_objet")[:ELEMENTS_AFFICHES]
    return render(
        request,
        "importations/deposer.html",
        {
            "form": form,
            "importation": importation,
            "apercu": apercu,
            "confirmation": confirmation or ConfirmationForm(),
            "types": _types(),
            "recentes": importations_recentes(),
            "elements": elements,
        },
        status=statut,
    )


@regle_requise("importations.importer")
def deposer(request):
    if request.method != "POST":
        return _page(request, DepotForm(initial={"type": request.GET.get("type") or None}))
    form = DepotForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form)
    try:
        importation, apercu = actions.deposer(form.cleaned_data["fichier"], form.cleaned_data["type"], par=request.user)
    except ActionRefusee as exc:
        exc.vers_formulaire(form)
        return _page(request, form)
    return HttpResponseRedirect(importation.get_absolute_url())


def _importation(request, pk):
    return get_object_or_404(Importation.objects.select_related("auteur"), pk=pk)


@regle_requise("importations.voir", objet=_importation)
def detail(request, pk):
    importation = request.objet_regle
    apercu = None
    if importation.statut == Importation.Statut.APERCU:
        apercu = actions.apercu(importation, par=request.user)
    return _page(request, DepotForm(initial={"type": importation.type}), importation, apercu)


@require_POST
@regle_requise("importations.voir", objet=_importation)
def confirmer(request, pk):
    importation = request.objet_regle
    form = ConfirmationForm(request.POST)
    form.is_valid()
    try:
        importation, _apercu = actions.confirmer(
            importation, par=request.user, ignorer_invalides=form.cleaned_data.get("ignorer_invalides", False)
        )
    except ActionRefusee as exc:
        exc.vers_formulaire(form)
        apercu = actions.apercu(importation, par=request.user) if importation.statut == Importation.Statut.APERCU else None
        return _page(request, DepotForm(initial={"type": importation.type}), importation, apercu, form, statut=400)
    messages.success(
        request,
        _(
            "Importation %(n)s confirmée — créés : %(c)s; modifiés : %(m)s; inchangés : %(i)s; "
            "lignes invalides laissées de côté : %(x)s."
        )
        % {
            "n": importation.pk,
            "c": importation.crees,
            "m": importation.modifies,
            "i": importation.inchanges,
            "x": importation.invalides,
        },
    )
    return HttpResponseRedirect(importation.get_absolute_url())


@regle_requise("importations.importer")
def modele(request, type_, format_):
    if type_ not in RESSOURCES or format_ not in TYPES_MIME:
        raise Http404
    contenu = modele_csv(type_) if format_ == "csv" else modele_xlsx(type_)
    reponse = HttpResponse(contenu, content_type=TYPES_MIME[format_])
    reponse["Content-Disposition"] = f'attachment; filename="modele-{type_}.{format_}"'
    return reponse
