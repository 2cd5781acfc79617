"""The envelope page of a region: share, committed, pending and available per créneau, the
répartitions adopted, and — for the comité régional's bureau — the répartition to propose: its
amounts go on the agenda of an upcoming séance of the comité régional (POST to
`seances:ajouter_point`), where the members adopt it by their votes (seances.actions.clore_vote
runs projets.actions.adopter_repartition)."""

from django import forms
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creneaux.models import Comite, Reunion
from noyau.formulaires import FormulaireBase
from noyau.horloge import maintenant
from noyau.permissions import verifier
from noyau.views import regle_requise
from projets import enveloppes
from projets.models import Enveloppe, PartRepartition

# States of a séance's agenda item still to be decided (seances.models.Point.Etat).
POINT_EN_ATTENTE = ("inscrit", "vote_ouvert")


class RepartitionForm(FormulaireBase, forms.Form):
    """The proposed part of each créneau (fields `part_<créneau id>`, under the séance agenda
    form's prefix `repartition`), posted with the item's type and envelope to the séance's
    agenda; the séance's verb checks and records it. Amounts in plain decimal notation, as the
    séance's form reads them."""

    prefixe = "repartition"

    bouton = gettext_lazy("Inscrire à l'ordre du jour")

    def __init__(self, *args, creneaux, parts, **kwargs):
        kwargs.setdefault("prefix", self.prefixe)
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for c in creneaux:
            self.fields[f"part_{c.pk}"] = forms.DecimalField(
                label=_("Part de « %(c)s »") % {"c": c.nom},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                initial=parts.get(c.pk, 0),
            )


def enveloppe_de(request, enveloppe):
    return get_object_or_404(Enveloppe.objects.select_related("programme", "region"), pk=enveloppe)


@regle_requise("projets.voir_enveloppe", objet=enveloppe_de)
def enveloppe(request, enveloppe):
    env = request.objet_regle
    etat = enveloppes.etats([env])[env.programme_id, env.region_id]
    peut_repartir = verifier("projets.repartir", request.user, env)
    form = seance = None
    comites = []
    if peut_repartir.ok:
        comites = list(Comite.objects.filter(type=Comite.Type.REGIONAL, region=env.region_id).select_related("region"))
        seance = next(
            (
                s
                for s in Reunion.objects.filter(
                    comite__in=comites,
                    statut__in=(Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE),
                    date__gte=maintenant(),
                )
                .select_related("comite__region")
                .order_by("date")
                if verifier("seances.planifier", request.user, s).ok
            ),
            None,
        )
        if seance is not None:
            # The région's open créneaux, as the envelope's state read them.
            creneaux = [
                p.creneau for p in etat.par_creneau if p.creneau.region_porteuse_id == env.region_id and not p.creneau.termine
            ]
            parts = {p.creneau.pk: p.part for p in etat.par_creneau if p.part is not None}
            form = RepartitionForm(creneaux=creneaux, parts=parts)
    contexte = {
        "env": env,
        "enveloppe": etat,
        "form": form,
        "seance": seance,
        "planifier": [c for c in comites if verifier("seances.planifier", request.user, c).ok],
        "peut_repartir": peut_repartir,
        "proposees": env.points.filter(etat__in=POINT_EN_ATTENTE).select_related("seance__comite").order_by("seance__date"),
        "repartitions": env.repartitions.select_related("reunion", "comite").prefetch_related(
            Prefetch("parts", queryset=PartRepartition.objects.select_related("creneau"))
        )[:10],
    }
    return render(request, "projets/enveloppe.html", contexte)
