"""Forms of the plans pages: they validate what is typed; plans.actions writes it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from creneaux.forms import CasesACocher
from creneaux.models import Entente, Organisation
from noyau.formulaires import AvecVersion, FormulaireBase
from plans.models import NUMERO_PRIS, Action, ActionPartenaire, Axe, Objectif, PlanAction, PlanPartenaire, numero_pris
from regions.models import PrioriteRegionale, StrategieRegionale

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
        # Each option names its créneau and region (Entente.__str__): read them with the ententes.
        ententes = (
            Entente.objects.filter(creneau=self.instance.creneau)
            .exclude(type=Entente.Type.PRINCIPE)
            .select_related("creneau__region_porteuse")
        )
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
        self.fields["priorites"].label_from_instance = PrioriteRegionale.libelle_choix
        self.fields["priorites"].help_text = _("Les priorités régionales auxquelles l'action contribue.")


# --- Regional strategies and partners' action plans ---------------------------------------------

# The bodies whose action plans answer regional priorities (Investissement Québec, a regional
# development agency, a sector association…).
TYPES_PARTENAIRES = (Organisation.Type.PUBLIC, Organisation.Type.DEVELOPPEMENT, Organisation.Type.ASSOCIATION)


class StrategieForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = StrategieRegionale
        fields = ["titre", "debut", "fin"]
        help_texts = {
            "titre": _("Par exemple : « Stratégie gouvernementale pour assurer l'occupation et la vitalité des territoires »."),
        }


class PrioriteForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = PrioriteRegionale
        fields = ["numero", "territoire", "titre", "texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"territoire": _("Laissez vide pour toute la région; sinon le territoire de la région qui l'a définie.")}


class PrioriteChoix(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.nom}{f' ({obj.territoire})' if obj.territoire else ''}, {obj.numero}. {obj.titre}"


class PlanPartenaireForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = PlanPartenaire
        fields = ["organisation", "titre", "debut", "fin", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(type__in=TYPES_PARTENAIRES).order_by("nom")


class ActionPartenaireForm(FormulaireBase, forms.ModelForm):
    priorites = PrioriteChoix(
        label=_("Priorités régionales"),
        queryset=PrioriteRegionale.objects.select_related("region", "strategie"),
        required=False,
        widget=CasesACocher,
        help_text=_("Les priorités régionales auxquelles l'action répond."),
    )

    class Meta:
        model = ActionPartenaire
        fields = ["numero", "titre", "indicateur", "cible", "priorites", "regions"]
        widgets = {"regions": CasesACocher}
        help_texts = {"regions": _("Les régions de ses priorités s'y ajoutent d'elles-mêmes.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.plan_id:
            plan = self.instance.plan
            self.fields["priorites"].queryset = self.fields["priorites"].queryset.filter(
                strategie__debut__lte=plan.fin, strategie__fin__gte=plan.debut
            )
