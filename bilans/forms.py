"""Forms of the bilan's pages: they validate what is typed; bilans.actions writes it."""

from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from bilans.actions import CIBLE_REQUISE, LIGNES_ETRANGERES, champ_ligne, erreurs_valeur
from bilans.models import AvancementAction, Indicateur, Programmation, ValeurIndicateur
from noyau.exercices import exercice_de, libelle
from noyau.formulaires import AvecVersion, FormulaireBase


class OuvrirForm(FormulaireBase, forms.Form):
    bouton = None  # the page's form carries its button
    exercice = forms.TypedChoiceField(label=_("Exercice"), coerce=int)

    def __init__(self, *args, deja_ouverts=(), **kwargs):
        super().__init__(*args, **kwargs)
        courant = exercice_de()
        self.fields["exercice"].choices = [(e, libelle(e)) for e in range(courant, courant - 6, -1) if e not in set(deja_ouverts)]
        self.fields["exercice"].initial = courant - 1


class SectionsForm(FormulaireBase, AvecVersion, forms.Form):
    """Faits saillants and one text per enjeu; saved field by field (autosave) or all at once,
    with the bilan's version as read (each autosave's answer gives the page the next one)."""

    def __init__(self, *args, bilan, **kwargs):
        super().__init__(*args, version=bilan.version, **kwargs)
        self.sections = {s.enjeu: s for s in bilan.sections.all()}
        widget = {"rows": 5, "data-hx-trigger": "input changed delay:1500ms, change"}
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
        self.helper.form_tag = False  # the template's form carries the htmx autosave

    def _poste(self, nom):
        return not self.fields[nom].widget.value_omitted_from_data(self.data, self.files, self.add_prefix(nom))

    def donnees(self):
        """What was posted, as arguments of actions.enregistrer_sections (an autosave posts one field)."""
        return {
            "faits_saillants": self.cleaned_data["faits_saillants"] if self._poste("faits_saillants") else None,
            "textes": {e: self.cleaned_data[f"enjeu_{e}"] for e in self.sections if self._poste(f"enjeu_{e}")},
        }


class LigneForm(FormulaireBase, forms.Form):
    """One row of a table of the bilan's rows (`ligne`): the column headers are the labels on
    screen, the row and column names become each field's accessible name."""

    bouton = None
    id = forms.IntegerField(widget=forms.HiddenInput)
    champs = ()

    def __init__(self, *args, ligne, **kwargs):
        self.ligne = ligne
        initial = {"id": ligne.pk, **{c: getattr(ligne, c) for c in self.champs}}
        super().__init__(*args, initial=initial, **kwargs)
        for nom, champ in self.fields.items():
            if nom != "id":
                champ.widget.attrs["aria-label"] = f"{self.libelle_ligne()} – {champ.label}"
                champ.label = ""

    def libelle_ligne(self):
        return str(self.ligne.action)

    def valeurs(self):
        return {c: self.cleaned_data[c] for c in self.champs if c in self.fields}


def _champ(modele, nom, **kwargs):
    return modele._meta.get_field(nom).formfield(**kwargs)


class ValeurForm(LigneForm):
    champs = ("valeur_saisie", "justification")
    valeur_saisie = _champ(ValeurIndicateur, "valeur_saisie", label=_("Valeur"), min_value=0)
    justification = _champ(ValeurIndicateur, "justification", label=_("Justification"), widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ligne.indicateur.type_valeur == Indicateur.TypeValeur.ENTIER:
            self.fields["valeur_saisie"].widget.attrs["step"] = 1

    def libelle_ligne(self):
        return str(self.ligne)

    def clean(self):
        data = super().clean()
        if "valeur_saisie" in data:
            for champ, message in erreurs_valeur(self.ligne, data["valeur_saisie"], data.get("justification", "")).items():
                self.add_error(champ, message)
        return data


class AvancementForm(LigneForm):
    """The achieved value is asked only of an action with an indicator or a target in the plan."""

    champs = ("pourcentage", "valeur_atteinte", "etat", "commentaire")
    pourcentage = _champ(AvancementAction, "pourcentage", min_value=0, max_value=100)
    valeur_atteinte = _champ(AvancementAction, "valeur_atteinte", label=_("Valeur atteinte"))
    etat = _champ(AvancementAction, "etat")
    commentaire = _champ(AvancementAction, "commentaire", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.ligne.mesurable:
            del self.fields["valeur_atteinte"]


class ProgrammationForm(LigneForm):
    champs = ("retenue", "cible", "commentaire")
    retenue = _champ(Programmation, "retenue")
    cible = _champ(Programmation, "cible", min_value=0)
    commentaire = _champ(Programmation, "commentaire", widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("retenue") and data.get("cible") is None and "cible" not in self.errors:
            self.add_error("cible", CIBLE_REQUISE)
        return data


class LignesFormSet(forms.BaseFormSet):
    """The rows of a bilan edited together, one form per row in the order shown. A post that does
    not match them (another bilan's row, rows added or missing) is refused as a whole."""

    def __init__(self, data=None, *, lignes, **kwargs):
        self.lignes = list(lignes)
        super().__init__(data, **kwargs)

    def total_form_count(self):
        return len(self.lignes)  # never a form without its row, whatever TOTAL_FORMS says

    def initial_form_count(self):
        return len(self.lignes)

    def get_form_kwargs(self, index):
        return {"ligne": self.lignes[index]}

    def clean(self):
        postees = self.management_form.cleaned_data.get("TOTAL_FORMS")
        if postees != len(self.lignes) or any(f.cleaned_data.get("id") != f.ligne.pk for f in self.forms):
            raise ValidationError(LIGNES_ETRANGERES)

    def donnees(self):
        """{row pk: {field: value}}, the argument of the bilans.actions verb."""
        return {f.ligne.pk: f.valeurs() for f in self.forms}

    # So that ActionRefusee.vers_formulaire(formset) shows a message keyed by
    # bilans.actions.champ_ligne next to that row's field, any other above the table.
    @property
    def fields(self):
        return {champ_ligne(nom, f.ligne.pk): (f, nom) for f in self.forms for nom in f.fields if nom != "id"}

    def add_error(self, champ, message):
        cible = self.fields.get(champ)
        if cible is None:
            if self._non_form_errors is None:
                self.full_clean()
            self._non_form_errors.append(message)
            return
        form, nom = cible
        if not form.is_bound:
            form.full_clean()  # an unbound form: nothing to clean, its errors start empty
            form.cleaned_data = {}
        form.add_error(nom, message)


ValeurFormSet = formset_factory(ValeurForm, formset=LignesFormSet, extra=0)
AvancementFormSet = formset_factory(AvancementForm, formset=LignesFormSet, extra=0)
ProgrammationFormSet = formset_factory(ProgrammationForm, formset=LignesFormSet, extra=0)


class ValidationForm(FormulaireBase, forms.Form):
    """Accept the bilan or return it for revision (actions.accepter / actions.renvoyer)."""

    bouton = None
    commentaire = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour renvoyer le bilan : dites ce que la coordination doit réviser."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.add_input(Submit("accepter", _("Accepter le bilan"), css_class="btn-success"))
        renvoyer = Submit("renvoyer", _("Renvoyer pour révision"))
        renvoyer.field_classes = "btn btn-outline-danger"  # not also btn-primary: red text on blue fails contrast
        self.helper.add_input(renvoyer)

    @property
    def renvoi(self):
        return "renvoyer" in self.data
