"""The séance forms. They only read the input; the verbs of seances.actions decide (and their
refusals are shown next to the field at fault)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Reunion
from noyau.champs import NOTE_MAX
from noyau.formulaires import FormulaireBase
from plans.selectors import plans_adoptables_par
from seances import selectors
from seances.models import Point, Vote

DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FORMATS_DATE_HEURE = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class PlanifierForm(FormulaireBase, forms.Form):
    bouton = _("Planifier la séance")

    date = forms.DateTimeField(label=_("Date et heure"), widget=DATE_HEURE, input_formats=FORMATS_DATE_HEURE)
    mode = forms.ChoiceField(label=_("Mode"), choices=Reunion.Mode.choices, initial=Reunion.Mode.PRESENCE)
    lieu = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    lien = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")
    echeance = forms.DateTimeField(
        label=_("Échéance de la consultation"),
        required=False,
        widget=DATE_HEURE,
        input_formats=FORMATS_DATE_HEURE,
        help_text=_("Consultation électronique seulement : les votes se ferment à cette heure."),
    )
    notes = forms.CharField(
        label=_("Notes à l'ordre du jour"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class _PointForm(FormulaireBase, forms.Form):
    """One kind of agenda item; `type` says which, the form's prefix too."""

    type = None
    bouton = _("Ajouter à l'ordre du jour")

    def __init__(self, *args, seance, **kwargs):
        kwargs.setdefault("prefix", self.type)
        super().__init__(*args, **kwargs)
        self.seance = seance
        self.helper.form_action = reverse("seances:ajouter_point", args=[seance.pk])
        self.helper.form_id = f"ajouter-{self.type}"
        self.helper.attrs = {"data-type": self.type}

    def donnees(self):
        """The verb's keyword arguments."""
        return {k: v for k, v in self.cleaned_data.items() if k != "type_point"}


def _type_cache(valeur):
    return forms.CharField(widget=forms.HiddenInput, initial=valeur)


class PointProjetForm(_PointForm):
    type = Point.Type.PROJET

    type_point = _type_cache(Point.Type.PROJET)
    projet = forms.ModelChoiceField(label=_("Projet"), queryset=None, empty_label=_("— choisir un projet —"))
    texte = forms.CharField(
        label=_("Proposition de résolution"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["projet"]
        champ.queryset = selectors.projets_en_attente(self.seance.comite).exclude(points__seance=self.seance)
        # Read once: the choices shown and the « nothing waits » message come from this list; a
        # POST is still checked against the queryset.
        self.candidats = list(champ.queryset)
        champ.choices = [("", champ.empty_label), *((p.pk, f"{p.numero or '—'} · {p.titre}") for p in self.candidats)]


class PointRepartitionForm(_PointForm):
    type = Point.Type.REPARTITION
    bouton = _("Inscrire la répartition")

    type_point = _type_cache(Point.Type.REPARTITION)
    enveloppe = forms.ModelChoiceField(label=_("Enveloppe"), queryset=None)
    texte = forms.CharField(label=_("Motif"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enveloppe"].queryset = selectors.enveloppes(self.seance.comite)
        self.creneaux = selectors.creneaux_de_la_region(self.seance.comite)
        for c in self.creneaux:
            self.fields[f"part_{c.pk}"] = forms.DecimalField(
                label=c.nom, min_value=0, max_digits=12, decimal_places=2, required=False, initial=0
            )

    def donnees(self):
        d = self.cleaned_data
        return {
            "enveloppe": d["enveloppe"],
            "texte": d["texte"],
            "parts": {c: d.get(f"part_{c.pk}") or 0 for c in self.creneaux},
        }


class PointPlanForm(_PointForm):
    type = Point.Type.PLAN

    type_point = _type_cache(Point.Type.PLAN)
    plan = forms.ModelChoiceField(label=_("Plan d'action"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_adoptables_par(self.seance.comite)


class PointBilanForm(_PointForm):
    type = Point.Type.BILAN

    type_point = _type_cache(Point.Type.BILAN)
    bilan = forms.ModelChoiceField(label=_("Bilan annuel"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bilan"].queryset = selectors.bilans_du_creneau(self.seance.comite)


class PointLibreForm(_PointForm):
    type = Point.Type.LIBRE

    type_point = _type_cache(Point.Type.LIBRE)
    titre = forms.CharField(label=_("Titre"), max_length=250)
    texte = forms.CharField(label=_("Texte"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


FORMULAIRES_POINT = {f.type: f for f in (PointProjetForm, PointRepartitionForm, PointPlanForm, PointBilanForm, PointLibreForm)}


def formulaires_point(seance, *, lie=None):
    """The forms offered to add an item to `seance`'s agenda (those that can apply to its comité);
    `lie` is a bound form to show in place of its blank one."""
    comite = seance.comite
    types = [Point.Type.PROJET] if selectors.etape_du_comite(comite) else []
    if comite.region_id:
        types.append(Point.Type.REPARTITION)
    if comite.creneau_id:
        types += [Point.Type.PLAN, Point.Type.BILAN]
    types.append(Point.Type.LIBRE)
    return [lie if lie is not None and lie.type == t else FORMULAIRES_POINT[t](seance=seance) for t in types]


class ConflitForm(forms.Form):
    note = forms.CharField(
        label=_("Pourquoi (note au procès-verbal)"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class OuvrirVoteForm(forms.Form):
    proposition = forms.ChoiceField(choices=Point.Proposition.choices, initial=Point.Proposition.ADOPTER)
    motif_renvoi = forms.CharField(required=False, max_length=NOTE_MAX)


class VoteForm(forms.Form):
    choix = forms.ChoiceField(choices=Vote.Choix.choices)


class MainLeveeForm(forms.Form):
    pour = forms.IntegerField(min_value=0)
    contre = forms.IntegerField(min_value=0)
    abstentions = forms.IntegerField(min_value=0, required=False)
