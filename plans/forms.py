"""Forms of the plans pages: they validate what is typed; plans.actions writes it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from creneaux.forms import CasesACocher
from creneaux.models import Entente
from noyau.formulaires import AvecVersion, FormulaireBase
from plans.models import NUMERO_PRIS, Action, Axe, Objectif, PlanAction, numero_pris
from regions.models import PrioriteRegionale

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(FormulaireBase, AvecVersion, forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["entente", "debut", "fin", "vision", "mission"]
        widgets = {
            "debut": DATE,
            "fin": DATE,
            "vision": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ententes = Entente.objects.filter(creneau=self.instance.creneau).exclude(type=Entente.Type.PRINCIPE)
        self.fields["entente"].queryset = ententes
        if not self.instance.pk and (derniere := ententes.filter(debut__isnull=False, fin__isnull=False).last()):
            # A plan covers its entente de mise en œuvre (about five years).
            self.initial |= {"entente": derniere.pk, "debut": derniere.debut, "fin": derniere.fin}


class ElementForm(FormulaireBase, AvecVersion, forms.ModelForm):
    """An axe, objectif or action: its number is unique within its parent (said next to the field)."""

    def clean_numero(self):
        numero = self.cleaned_data["numero"]
        if numero is not None and numero_pris(self.instance, numero):
            raise forms.ValidationError(NUMERO_PRIS)
        return numero


class AxeForm(ElementForm):
    class Meta:
        model = Axe
        fields = ["numero", "titre"]


class ObjectifForm(ElementForm):
    class Meta:
        model = Objectif
        fields = ["numero", "titre"]


class ActionForm(ElementForm):
    class Meta:
        model = Action
        fields = ["numero", "titre", "responsable", "echeance", "indicateur", "valeur_depart", "cible", "priorites"]
        widgets = {"echeance": DATE, "priorites": CasesACocher}

    def __init__(self, *args, creneau=None, **kwargs):
        super().__init__(*args, **kwargs)
        if creneau is None:
            objectif = getattr(self.instance, "objectif", None)
            creneau = objectif.axe.plan.creneau if objectif else None
        regions = [creneau.region_porteuse_id, *creneau.autres_regions.values_list("pk", flat=True)] if creneau else []
        self.fields["priorites"].queryset = PrioriteRegionale.objects.filter(region__in=regions).select_related("region")
        self.fields["priorites"].help_text = _("Les priorités régionales auxquelles l'action contribue.")
