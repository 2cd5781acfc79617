"""The envelope page of a region: share, committed, pending and available per créneau, and the
comité régional's répartition form (verb projets.actions.adopter_repartition)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creneaux.models import STATUTS_TERMINES, Comite, Creneau, Reunion
from noyau.actions import ActionRefusee
from noyau.formulaires import FormulaireBase
from noyau.horloge import maintenant
from noyau.permissions import verifier
from noyau.vues import regle_requise
from projets import actions, enveloppes
from projets.models import Enveloppe


class RepartitionForm(FormulaireBase, forms.Form):
    bouton = gettext_lazy("Adopter la répartition")
    reunion = forms.ModelChoiceField(label=gettext_lazy("Réunion du comité régional"), queryset=Reunion.objects.none())
    numero_resolution = forms.CharField(label=gettext_lazy("Numéro de résolution"), max_length=40)
    motif = forms.CharField(label=gettext_lazy("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, enveloppe, creneaux, parts, **kwargs):
        super().__init__(*args, **kwargs)
        comites = Comite.objects.filter(type=Comite.Type.REGIONAL, region=enveloppe.region_id)
        self.fields["reunion"].queryset = (
            Reunion.objects.filter(comite__in=comites, date__lte=maintenant()).select_related("comite").order_by("-date")
        )
        self.creneaux = creneaux
        for c in creneaux:
            self.fields[f"part_{c.pk}"] = forms.DecimalField(
                label=_("Part de « %(c)s »") % {"c": c.nom},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                initial=parts.get(c.pk),
                localize=True,
            )

    def parts(self):
        return {c: self.cleaned_data[f"part_{c.pk}"] for c in self.creneaux}


def enveloppe_de(request, enveloppe):
    return get_object_or_404(Enveloppe.objects.select_related("programme", "region"), pk=enveloppe)


@regle_requise("projets.voir_enveloppe", objet=enveloppe_de)
def enveloppe(request, enveloppe):
    env = request.objet_regle
    creneaux = list(Creneau.objects.filter(region_porteuse=env.region_id).exclude(statut__in=STATUTS_TERMINES).order_by("nom"))
    peut_repartir = verifier("projets.repartir", request.user, env)
    form = None
    if peut_repartir.ok:
        etat = enveloppes.etat(env.programme, env.region)
        parts = {p.creneau.pk: p.part for p in etat.par_creneau if p.part is not None}
        form = RepartitionForm(request.POST or None, enveloppe=env, creneaux=creneaux, parts=parts)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                actions.adopter_repartition(
                    env,
                    par=request.user,
                    reunion=d["reunion"],
                    numero=d["numero_resolution"],
                    parts=form.parts(),
                    motif=d["motif"],
                )
            except ActionRefusee as exc:
                exc.vers_formulaire(form)
            else:
                messages.success(request, _("Répartition adoptée."))
                return redirect("projets:enveloppe", env.pk)
    contexte = {
        "env": env,
        "enveloppe": enveloppes.etat(env.programme, env.region),
        "form": form,
        "peut_repartir": peut_repartir,
        "repartitions": env.repartitions.select_related("reunion", "comite").prefetch_related("parts__creneau")[:10],
    }
    return render(request, "projets/enveloppe.html", contexte)
