from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from bilans.models import AvancementAction, Indicateur, Programmation, Section, ValeurIndicateur
from noyau.exercices import exercice_de, libelle


class OuvrirForm(forms.Form):
    exercice = forms.TypedChoiceField(label=_("Exercice"), coerce=int)

    def __init__(self, *args, deja_ouverts=(), **kwargs):
        super().__init__(*args, **kwargs)
        courant = exercice_de()
        self.fields["exercice"].choices = [(e, libelle(e)) for e in range(courant, courant - 6, -1) if e not in set(deja_ouverts)]
        self.fields["exercice"].initial = courant - 1


class SectionsForm(forms.Form):
    """Faits saillants and one text per enjeu; saved field by field (autosave) or all at once."""

    def __init__(self, *args, bilan, **kwargs):
        super().__init__(*args, **kwargs)
        self.bilan = bilan
        self.sections = {s.enjeu: s for s in bilan.sections.all()}
        widget = {"rows": 5, "hx-trigger": "input changed delay:1500ms, change"}
        self.fields["faits_saillants"] = forms.CharField(
            label=_("Faits saillants de l'exercice"),
            required=False,
            initial=bilan.faits_saillants,
            widget=forms.Textarea(attrs=widget),
        )
        for enjeu, section in self.sections.items():
            self.fields[f"enjeu_{enjeu}"] = forms.CharField(
                label=section.get_enjeu_display(), required=False, initial=section.texte, widget=forms.Textarea(attrs=widget)
            )
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's form carries the htmx autosave
        self.helper.add_input(Submit("enregistrer", _("Enregistrer"), css_class="btn-primary"))

    def enregistrer(self, champs):
        """Save the fields in `champs` (those posted): an autosave posts one field only."""
        if "faits_saillants" in champs:
            self.bilan.faits_saillants = self.cleaned_data["faits_saillants"]
            self.bilan.save(update_fields=["faits_saillants"])
        a_maj = []
        for enjeu, section in self.sections.items():
            if f"enjeu_{enjeu}" in champs:
                section.texte = self.cleaned_data[f"enjeu_{enjeu}"]
                a_maj.append(section)
        Section.objects.bulk_update(a_maj, ["texte"])


class LigneMixin:
    """A form shown as one row of a table: the column headers are the labels on screen, the row
    and column names become each field's accessible name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            champ.widget.attrs["aria-label"] = f"{self.libelle_ligne()} – {champ.label}"
            champ.label = ""

    def libelle_ligne(self):
        return str(self.instance.action)


class ValeurForm(LigneMixin, forms.ModelForm):
    class Meta:
        model = ValeurIndicateur
        fields = ["valeur_saisie", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 1})}
        labels = {"valeur_saisie": _("Valeur"), "justification": _("Justification")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.indicateur.type_valeur == Indicateur.TypeValeur.ENTIER:
            self.fields["valeur_saisie"].widget.attrs.update(step=1, min=0)

    def libelle_ligne(self):
        return str(self.instance)

    def clean_valeur_saisie(self):
        valeur = self.cleaned_data["valeur_saisie"]
        if valeur is not None and self.instance.indicateur.type_valeur == Indicateur.TypeValeur.ENTIER and valeur % 1:
            raise forms.ValidationError(_("Saisissez un nombre entier."))
        return valeur

    def clean(self):
        data = super().clean()
        if (
            self.instance.valeur_calculee is not None
            and data.get("valeur_saisie") is not None
            and not data.get("justification", "").strip()
        ):
            self.add_error(
                "justification", _("Justifiez la valeur qui remplace celle calculée par le portail (les deux sont conservées).")
            )
        return data


class AvancementForm(LigneMixin, forms.ModelForm):
    class Meta:
        model = AvancementAction
        fields = ["pourcentage", "etat", "commentaire"]
        widgets = {
            "commentaire": forms.Textarea(attrs={"rows": 2}),
            "pourcentage": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }


class ProgrammationForm(LigneMixin, forms.ModelForm):
    class Meta:
        model = Programmation
        fields = ["retenue", "cible", "commentaire"]
        widgets = {"commentaire": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("retenue") and data.get("cible") is None:
            self.add_error("cible", _("Donnez la cible visée pour une action prioritaire."))
        return data


ValeurFormSet = modelformset_factory(ValeurIndicateur, form=ValeurForm, extra=0)
AvancementFormSet = modelformset_factory(AvancementAction, form=AvancementForm, extra=0)
ProgrammationFormSet = modelformset_factory(Programmation, form=ProgrammationForm, extra=0)


class ValidationForm(forms.Form):
    commentaire = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour renvoyer le bilan : dites ce que la coordination doit réviser."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("accepter", _("Accepter le bilan"), css_class="btn-success"))
        self.helper.add_input(Submit("renvoyer", _("Renvoyer pour révision"), css_class="btn-outline-danger"))

    def clean(self):
        data = super().clean()
        if "renvoyer" in self.data and not data.get("commentaire", "").strip():
            self.add_error("commentaire", _("Indiquez ce que la coordination doit réviser."))
        return data
