from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creneaux.models import Entente
from plans.actions import comites_adoptants
from plans.models import Action, Axe, Objectif, PlanAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AvecBoutonMixin:
    bouton = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", self.bouton, css_class="btn-primary"))


class PlanForm(AvecBoutonMixin, forms.ModelForm):
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
            self.initial.update(entente=derniere.pk, debut=derniere.debut, fin=derniere.fin)


class ApprobationForm(AvecBoutonMixin, forms.Form):
    bouton = _("Enregistrer l'approbation")
    comite = forms.ModelChoiceField(label=_("Adopté par"), queryset=None)
    adopte_le = forms.DateField(label=_("Adopté le"), widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comite"].queryset = comites_adoptants(plan.creneau)
        self.fields["comite"].empty_label = None

    def clean_adopte_le(self):
        jour = self.cleaned_data["adopte_le"]
        if jour > timezone.localdate():
            raise forms.ValidationError(_("La date d'adoption ne peut pas être dans le futur."))
        return jour


class ElementForm(AvecBoutonMixin, forms.ModelForm):
    """An axe, objectif or action: its number is unique within its parent."""

    parent = None

    def clean_numero(self):
        numero = self.cleaned_data["numero"]
        freres = type(self.instance).objects.filter(**{f"{self.parent}_id": getattr(self.instance, f"{self.parent}_id")})
        if freres.filter(numero=numero).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ce numéro est déjà utilisé."))
        return numero


class AxeForm(ElementForm):
    parent = "plan"

    class Meta:
        model = Axe
        fields = ["numero", "titre"]


class ObjectifForm(ElementForm):
    parent = "axe"

    class Meta:
        model = Objectif
        fields = ["numero", "titre"]


class ActionForm(ElementForm):
    parent = "objectif"

    class Meta:
        model = Action
        fields = ["numero", "titre", "responsable", "echeance", "indicateur", "valeur_depart", "cible"]
        widgets = {"echeance": DATE}
