"""The procès-verbal of a séance: the PDF (the draft, generated on demand once the séance is
adjourned; the frozen file once approved), its approval by the chair and the secretary, the
signed scan. Writes go through seances.actions (approuver_pv, deposer_pv_signe)."""

import logging

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from creneaux.models import Reunion
from noyau.formulaires import FormulaireBase
from noyau.views import agir, regle_requise
from rapports.pdf import reponse_pdf
from seances import actions
from seances.pv import geler, pdf_du_pv

journal = logging.getLogger(__name__)
AVEC_PV = (Reunion.Statut.LEVEE, Reunion.Statut.PV_APPROUVE)


class PvSigneForm(FormulaireBase, forms.Form):
    bouton = gettext_lazy("Déposer le procès-verbal signé")
    fichier = forms.FileField(label=gettext_lazy("Procès-verbal signé (PDF ou image numérisée)"))


def seance_du_pv(request, pk, **kwargs):
    return get_object_or_404(
        Reunion.objects.select_related(
            "comite__creneau", "comite__region", "convoquee_par", "pv_president_par", "pv_secretaire_par"
        ),
        pk=pk,
    )


def nom_du_pv(seance):
    # The day the comité met, in Québec: an evening séance is already the next day in UTC.
    return f"proces-verbal-{seance.pk}-{timezone.localdate(seance.date):%Y-%m-%d}.pdf"


@require_GET
@regle_requise("seances.voir", objet=seance_du_pv)
def pv_pdf(request, pk):
    """The approved procès-verbal as it was frozen; before approval, the draft of an adjourned séance."""
    s = request.objet_regle
    if s.statut not in AVEC_PV:
        raise Http404(_("Le procès-verbal se rédige une fois la séance levée."))
    if s.statut != Reunion.Statut.PV_APPROUVE:
        return reponse_pdf(pdf_du_pv(s, request.user), f"projet-{nom_du_pv(s)}")
    if not (s.pv and s.pv.storage.exists(s.pv.name)):
        # Deferred at approval (demo load), or the storage lost it: the frozen record gives the
        # same procès-verbal, stored now.
        if s.pv:
            journal.warning("Procès-verbal %s absent du stockage : régénéré à partir de la séance", s.pk)
        geler(s)
    return FileResponse(s.pv.open("rb"), as_attachment=True, filename=nom_du_pv(s), content_type="application/pdf")


@require_POST
@regle_requise("seances.voir", objet=seance_du_pv)
def approuver_pv(request, pk):
    s = request.objet_regle
    approuvee = agir(request, actions.approuver_pv, s)
    if approuvee:
        s = approuvee
        if s.statut == Reunion.Statut.PV_APPROUVE:
            messages.success(request, _("Procès-verbal approuvé par la présidence et le secrétariat : il est maintenant figé."))
        else:
            messages.success(request, _("Votre approbation est enregistrée ; le procès-verbal attend l'autre approbation."))
    return redirect("seances:detail", pk=s.pk)


@require_POST
@regle_requise("seances.voir", objet=seance_du_pv)
def deposer_pv_signe(request, pk):
    s = request.objet_regle
    form = PvSigneForm(request.POST, request.FILES)
    if not form.is_valid():
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return redirect("seances:detail", pk=s.pk)
    agir(request, actions.deposer_pv_signe, s, fichier=form.cleaned_data["fichier"], succes=_("Procès-verbal signé déposé."))
    return redirect("seances:detail", pk=s.pk)
