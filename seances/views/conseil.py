"""What a board portal gives its members around a séance: the cahier de séance (PDF), the
rescheduling and cancellation of a séance before it opens, the calendar invitations and the
personal calendar feed, the register of a comité's résolutions. Writes go through
seances.actions (reporter, annuler, renouveler_calendrier, revoquer_calendrier)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from creneaux.models import Comite, Reunion
from noyau.actions import ActionRefusee
from noyau.champs import NOTE_MAX
from noyau.formulaires import FormulaireBase
from noyau.views import regle_requise
from rapports.models import DocumentGenere
from seances import actions, cahier, calendrier, registre, selectors
from seances.forms import DATE_HEURE, FORMATS_DATE_HEURE
from seances.models import JetonCalendrier, Point

PAR_PAGE = 50


def _seance(request, pk, **kwargs):
    return selectors.seance(pk)


def _comite(request, pk, **kwargs):
    return get_object_or_404(Comite.objects.select_related("creneau", "region"), pk=pk)


# ---------------------------------------------------------------------------------------------
# Cahier de séance


@require_GET
@regle_requise("seances.voir", objet=_seance)
def cahier_pdf(request, pk):
    """The cahier of the séance's current agenda, as built by the worker; while it is being built
    (or after the agenda changed), a page that waits for it."""
    s = request.objet_regle
    if s.statut == Reunion.Statut.ANNULEE:
        raise Http404(_("Cette séance est annulée."))
    document = cahier.demander(s, request.user)
    if document is None:
        raise Http404(_("L'ordre du jour est vide : le cahier de séance n'a rien à montrer."))
    if document.statut == DocumentGenere.Statut.PRET and document.fichier:
        nom = document.fichier.name.rsplit("/", 1)[-1]
        return FileResponse(document.fichier.open("rb"), filename=nom, content_type="application/pdf")
    return render(request, "seances/cahier_attente.html", {"seance": s, "document": document}, status=202)


# ---------------------------------------------------------------------------------------------
# Rescheduling, cancelling


class ReporterForm(FormulaireBase, forms.Form):
    bouton = gettext_lazy("Reporter la séance")

    date = forms.DateTimeField(label=gettext_lazy("Nouvelle date et heure"), widget=DATE_HEURE, input_formats=FORMATS_DATE_HEURE)
    lieu = forms.CharField(label=gettext_lazy("Nouveau lieu (facultatif)"), max_length=200, required=False)
    lien = forms.URLField(
        label=gettext_lazy("Nouveau lien de visioconférence (facultatif)"), required=False, assume_scheme="https"
    )
    motif = forms.CharField(label=gettext_lazy("Motif du report"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "report")
        super().__init__(*args, **kwargs)
        self.helper.form_id = "form-reporter"


class AnnulerForm(FormulaireBase, forms.Form):
    bouton = gettext_lazy("Annuler la séance")

    motif = forms.CharField(
        label=gettext_lazy("Motif de l'annulation"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, seance, **kwargs):
        kwargs.setdefault("prefix", "annulation")
        super().__init__(*args, **kwargs)
        self.helper.form_id = "form-annuler"
        self.helper.form_action = reverse("seances:annuler", args=[seance.pk])
        self.helper.inputs[0].field_classes = "btn btn-danger"


def _page_changer(request, s, *, report=None, annulation=None, status=200):
    return render(
        request,
        "seances/changer.html",
        {"seance": s, "form_report": report or ReporterForm(), "form_annulation": annulation or AnnulerForm(seance=s)},
        status=status,
    )


@regle_requise("seances.reporter", objet=_seance)
def reporter(request, pk):
    s = request.objet_regle
    if request.method != "POST":
        return _page_changer(request, s)
    form = ReporterForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.reporter(s, par=request.user, date=d["date"], motif=d["motif"], lieu=d["lieu"], lien=d["lien"])
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
        else:
            messages.success(request, _("Séance reportée : les membres sont avisés et leur invitation est mise à jour."))
            return redirect("seances:detail", s.pk)
    return _page_changer(request, s, report=form)


@require_POST
@regle_requise("seances.reporter", objet=_seance)
def annuler(request, pk):
    s = request.objet_regle
    form = AnnulerForm(request.POST, seance=s)
    if form.is_valid():
        try:
            actions.annuler(s, par=request.user, motif=form.cleaned_data["motif"])
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
        else:
            messages.success(request, _("Séance annulée : les membres sont avisés et ses points attendent une autre séance."))
            return redirect("seances:detail", s.pk)
    return _page_changer(request, s, annulation=form)


# ---------------------------------------------------------------------------------------------
# Calendar


@login_required
def calendrier_personnel(request):
    jeton = JetonCalendrier.objects.filter(user=request.user).first()
    return render(
        request,
        "seances/calendrier.html",
        {"jeton": jeton, "adresse": calendrier.adresse_du_flux(jeton) if jeton else ""},
    )


@require_POST
@login_required
def renouveler_calendrier(request):
    try:
        actions.renouveler_calendrier(par=request.user)
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Nouvelle adresse de calendrier : l'ancienne ne fonctionne plus."))
    return redirect("seances:calendrier")


@require_POST
@login_required
def revoquer_calendrier(request):
    actions.revoquer_calendrier(par=request.user)
    messages.success(request, _("Adresse de calendrier révoquée : elle ne fonctionne plus."))
    return redirect("seances:calendrier")


@require_GET
def flux_calendrier(request, jeton):
    """The personal feed: no session, the secret address is the key (404 once revoked)."""
    j = JetonCalendrier.objects.select_related("user").filter(jeton=jeton).first()
    if j is None or not j.user.is_active:
        raise Http404
    reponse = HttpResponse(calendrier.flux(j.user), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="seances-accord.ics"'
    reponse["Cache-Control"] = "private, max-age=300"
    return reponse


# ---------------------------------------------------------------------------------------------
# Register of résolutions


class FiltresRegistre(forms.Form):
    q = forms.CharField(label=gettext_lazy("Rechercher"), required=False, max_length=100)
    annee = forms.TypedChoiceField(label=gettext_lazy("Année"), required=False, coerce=int, empty_value=None)
    issue = forms.ChoiceField(label=gettext_lazy("Issue"), required=False)

    def __init__(self, *args, annees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [("", _("Toutes"))] + [(a, str(a)) for a in annees]
        self.fields["issue"].choices = [("", _("Toutes"))] + list(Point.Issue.choices)


def _registre(request, comite):
    form = FiltresRegistre(request.GET or None, annees=registre.annees(comite))
    d = {}
    if form.is_bound:
        form.is_valid()  # a forged value is refused next to its field; the other filters still apply
        d = form.cleaned_data
    qs = registre.filtrer(registre.resolutions(comite), q=d.get("q", ""), annee=d.get("annee"), issue=d.get("issue", ""))
    return form, qs


@require_GET
@regle_requise("seances.voir", objet=_comite)
def registre_resolutions(request, pk):
    comite = request.objet_regle
    form, qs = _registre(request, comite)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    for p in page.object_list:
        p.issue_lisible = registre.issue_lisible(p)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "seances/registre.html",
        {"comite": comite, "form": form, "page_obj": page, "points": page.object_list, "params": params.urlencode()},
    )


@require_GET
@regle_requise("seances.voir", objet=_comite)
def registre_csv(request, pk):
    comite = request.objet_regle
    _form, qs = _registre(request, comite)
    return registre.export_csv(qs.iterator(chunk_size=500), f"resolutions-comite-{comite.pk}")
