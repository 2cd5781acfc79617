"""Forms of the project pages: the filing steps, the budget formsets, attachments, comments and
the workflow actions. They validate what is typed; the views hand `cleaned_data` to the verbs of
projets.actions (a form never saves)."""

from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau, Organisation
from creneaux.recherche import organisations_pour_projet, par_recherche
from creneaux.roles import roles_de
from noyau.formulaires import ChampMontant, FormulaireBase
from noyau.tri import alpha
from plans.models import Action
from projets.fichiers import valider_piece_jointe
from projets.models import Commentaire, Decision, Depense, Financement, PieceJointe, Programme, Projet
from regions.models import PrioriteRegionale


class SansBaliseForm(FormulaireBase):
    """The portal's form base (an empty post is refused) rendered without its own <form> tag nor
    button: the pages put the form, budget lines and buttons in their own <form>."""

    bouton = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class VersionForm(SansBaliseForm, forms.ModelForm):
    """Carries the project's version as read; actions.modifier_brouillon refuses it if it changed meanwhile."""

    version_lue = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_lue"].initial = self.instance.version


# ---- Filing steps ----------------------------------------------------------------------------


class IdentificationForm(VersionForm):
    class Meta:
        model = Projet
        fields = ["titre", "creneau", "programme"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        creneaux = Creneau.objects.filter(pk__in=roles_de(user).coordination).select_related("region_porteuse")
        self.fields["creneau"].queryset = creneaux.order_by(alpha("nom"))
        self.fields["creneau"].help_text = _("Les créneaux dont vous assurez la coordination.")
        self.fields["programme"].queryset = Programme.objects.all()
        if not self.instance.creneau_id and len(roles_de(user).coordination) == 1:
            self.initial["creneau"] = next(iter(roles_de(user).coordination))


class PorteurForm(VersionForm):
    class Meta:
        model = Projet
        fields = ["porteur", "entreprise_leader", "partenaires"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any organisation may be found by name (the pickers' search); the page renders only those
        # chosen and the créneau's own and its regions' first, bounded (creneaux.recherche).
        creneau = self.instance.creneau
        url = reverse("creneaux:recherche_organisations", args=[creneau.slug])
        premieres = organisations_pour_projet(creneau)
        for champ in ("porteur", "entreprise_leader", "partenaires"):
            par_recherche(self.fields[champ], url, premieres, Organisation.objects.all())
        self.fields["porteur"].help_text = _("Son type (organisme ou entreprise) fixe les taux d'aide applicables.")
        programme = self.instance.programme
        self.fields["entreprise_leader"].help_text = (
            _("Requise par le programme %(p)s : l'entreprise qui mène le projet.") % {"p": programme.sigle}
            if programme.entreprise_leader_requise
            else _("Facultative pour ce programme : l'entreprise qui mène le projet.")
        )
        self.fields["partenaires"].help_text = _("Au moins %(n)s entités partenaires (Ctrl ou ⌘ pour en choisir plusieurs).") % {
            "n": programme.minimum_partenaires
        }


class DescriptionForm(VersionForm):
    class Meta:
        model = Projet
        fields = ["description", "objectifs", "enjeu", "priorite", "action", "activite"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "objectifs": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creneau = self.instance.creneau
        self.fields["priorite"].queryset = PrioriteRegionale.objects.filter(region=creneau.region_porteuse_id).select_related(
            "region"
        )
        self.fields["priorite"].label_from_instance = PrioriteRegionale.libelle_choix
        self.fields["priorite"].help_text = _("Une priorité de la région %(r)s.") % {"r": creneau.region_porteuse.nom}
        self.fields["action"].queryset = Action.objects.filter(objectif__axe__plan__creneau=creneau).order_by(
            "objectif__axe__plan__debut", "objectif__axe__numero", "objectif__numero", "numero"
        )
        self.fields["action"].help_text = _("Une action de la stratégie et du plan d'action du créneau.")
        self.fields["activite"].queryset = creneau.activites.order_by("-date")
        self.fields["activite"].help_text = _("L'activité du créneau dont le projet est issu (mission, symposium…).")


class DatesForm(VersionForm):
    class Meta:
        model = Projet
        fields = ["date_debut", "date_fin"]
        widgets = {"date_debut": forms.DateInput(attrs={"type": "date"}), "date_fin": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", _("La fin du projet ne peut précéder son début (%(d)s).") % {"d": debut.isoformat()})
        return donnees


class BudgetForm(VersionForm):
    """The budget step: the lines live in the two formsets; this form only carries the version."""

    class Meta:
        model = Projet
        fields = []


class LigneForm(SansBaliseForm, forms.ModelForm):
    """A budget line, shown as a table row: Bootstrap classes and an accessible name on each widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            classe = {forms.Select: "form-select form-select-sm", forms.CheckboxInput: "form-check-input"}
            css = classe.get(type(champ.widget), "form-control form-control-sm")
            champ.widget.attrs |= {"class": css, "aria-label": str(champ.label)}
        montant = self.fields["montant"].widget.attrs
        montant["class"] += " text-end"
        self.fields["montant"].validators.append(MinValueValidator(0))
        self.fields["description"].widget.attrs["placeholder"] = _("Précisez")

    # A line's only model constraint (amount ≥ 0) is the amount field's validator above: checked
    # by the database (Django's model validation, then FormulaireBase's), it would cost a query
    # per line at each keystroke of the live preview. Both checks leave the amount out.
    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"montant"}

    def _post_clean(self):
        self.instance.validate_constraints = partial(self.instance.validate_constraints, exclude={"montant"})
        try:
            super()._post_clean()
        finally:
            del self.instance.validate_constraints


class DepenseForm(LigneForm):
    class Meta:
        model = Depense
        fields = ["categorie", "description", "montant", "admissible"]
        field_classes = {"montant": ChampMontant}


class FinancementForm(LigneForm):
    class Meta:
        model = Financement
        fields = ["source", "description", "montant", "confirme"]
        field_classes = {"montant": ChampMontant}


class LigneEnregistree(forms.ModelChoiceField):
    """The hidden id of a saved line, found among the project's lines the formset has read (one
    query for all, where Django's field reads each line again); another project's line is no choice."""

    def __init__(self, formset, champ):
        super().__init__(champ.queryset, initial=champ.initial, required=False, widget=champ.widget)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            ligne = self.formset._existing_object(self.formset.model._meta.pk.to_python(value))
        except ValidationError:
            ligne = None
        if ligne is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return ligne


class LignesFormSet(BaseInlineFormSet):
    """A project's budget lines: the saved ones, no blank line (one when there is none yet); the
    page adds a line at a time (`ligne`, the « Ajouter une ligne » row) and « Retirer » marks a
    line DELETE (a checkbox shown as a toggle button, labelled by the page)."""

    def total_form_count(self):
        total = super().total_form_count()
        return total if self.is_bound or total else 1

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk = self.model._meta.pk.name
        if isinstance(form.fields.get(pk), forms.ModelChoiceField):
            form.fields[pk] = LigneEnregistree(self, form.fields[pk])
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Retirer")
            form.fields["DELETE"].widget.attrs |= {"class": "btn-check", "autocomplete": "off"}

    def ligne(self, index):
        """The empty line number `index` (0-based) as an added row: `empty_form` with its real prefix."""
        form = self.form(
            **self.get_form_kwargs(None),
            auto_id=self.auto_id,
            prefix=self.add_prefix(index),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
        )
        self.add_fields(form, None)
        return form


DepenseFormSet = inlineformset_factory(Projet, Depense, form=DepenseForm, formset=LignesFormSet, extra=0, can_delete=True)
FinancementFormSet = inlineformset_factory(
    Projet, Financement, form=FinancementForm, formset=LignesFormSet, extra=0, can_delete=True
)

# Step slug → (label, form class).
ETAPES = {
    "identification": (_("Identification"), IdentificationForm),
    "porteur": (_("Porteur et partenaires"), PorteurForm),
    "description": (_("Description"), DescriptionForm),
    "dates": (_("Calendrier"), DatesForm),
    "budget": (_("Budget"), BudgetForm),
}
# Where each budget-rule error (keyed by field by projets.budget) is shown.
ETAPE_DU_CHAMP = {
    "titre": "identification",
    "creneau": "identification",
    "programme": "identification",
    "porteur": "porteur",
    "entreprise_leader": "porteur",
    "partenaires": "porteur",
    "description": "description",
    "objectifs": "description",
    "enjeu": "description",
    "priorite": "description",
    "action": "description",
    "activite": "description",
    "date_debut": "dates",
    "date_fin": "dates",
}


# ---- Attachments and comments ----------------------------------------------------------------


class PieceJointeForm(SansBaliseForm, forms.ModelForm):
    """The file only: actions.joindre_piece judges its content and records it."""

    class Meta:
        model = PieceJointe
        fields = ["fichier"]
        labels = {"fichier": _("Ajouter une pièce jointe")}
        help_texts = {"fichier": _("PDF, DOCX, XLSX, PNG ou JPEG.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


class CommentaireForm(SansBaliseForm, forms.ModelForm):
    class Meta:
        model = Commentaire
        fields = ["texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 3})}
        labels = {"texte": _("Ajouter un commentaire")}


# ---- Workflow action forms -------------------------------------------------------------------


class ActionForm(SansBaliseForm, forms.Form):
    """Base of every action form: the project's version as read travels with the post."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, projet, **kwargs):
        self.projet = projet
        kwargs.setdefault("prefix", self.prefixe)
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = projet.version

    def offrir(self, issues):
        """Keep only the outcomes in `issues` (those open to the user now) among the choices."""
        if "issue" in self.fields:
            self.fields["issue"].choices = [c for c in self.fields["issue"].choices if c[0] in issues]


class FichierFacultatifMixin:
    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if fichier:
            valider_piece_jointe(fichier)
        return fichier


class SoumettreForm(ActionForm):
    prefixe = "soumettre"
    libelle = _("Soumettre au comité de créneau")


class AnalyseForm(ActionForm):
    """The analyst's judgement, recommendation and recommended amount; the admissibility grid is
    computed by the portal and shown above the form (projets.analyse)."""

    prefixe = "analyse"
    libelle = _("Analyse de la direction régionale")
    texte = forms.CharField(label=_("Jugement de l'analyste"), widget=forms.Textarea(attrs={"rows": 4}))
    recommandation = forms.ChoiceField(
        label=_("Recommandation au bureau central"),
        choices=[("", "—"), *Decision.Recommandation.choices],
        required=False,
    )
    montant_recommande = ChampMontant(label=_("Montant recommandé"), min_value=0, required=False)


class DesengagementForm(ActionForm):
    prefixe = "desengagement"
    libelle = _("Désengagement du solde")
    motif = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Le solde non versé retourne à l'enveloppe régionale ; le projet pourra être clos."),
    )


class DecisionMinistereForm(ActionForm):
    prefixe = "ministere"
    libelle = _("Décision du Ministère")
    ISSUES = [("accepter", _("Accepter")), ("refuser", _("Refuser")), ("demander_complement", _("Demander un complément"))]

    issue = forms.ChoiceField(label=_("Décision"), choices=ISSUES, widget=forms.RadioSelect)
    montant = ChampMontant(label=_("Montant accordé"), min_value=0, required=False)
    motif = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def offrir(self, issues):
        super().offrir(issues)
        if "accepter" not in issues:  # the amount is only for who may accept (the bureau central)
            del self.fields["montant"]

    def clean(self):
        donnees = super().clean()
        if donnees.get("issue") == "accepter" and donnees.get("montant") is None:
            self.add_error("montant", _("Indiquez le montant accordé."))
        return donnees


class ConventionForm(FichierFacultatifMixin, ActionForm):
    prefixe = "convention"
    libelle = _("Convention d'aide")
    motif = forms.CharField(label=_("Note"), required=False)
    fichier = forms.FileField(label=_("Convention signée"), required=False)


class VersementForm(ActionForm):
    prefixe = "versement"
    libelle = _("Versement")
    date = forms.DateField(label=_("Date du versement"), widget=forms.DateInput(attrs={"type": "date"}))
    montant = ChampMontant(label=_("Montant"), min_value=Decimal("0.01"))
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class DepotRapportFinalForm(FichierFacultatifMixin, ActionForm):
    prefixe = "depot_rapport"
    libelle = _("Dépôt du rapport final")
    resume = forms.CharField(label=_("Résumé des résultats"), widget=forms.Textarea(attrs={"rows": 4}))
    fichier = forms.FileField(label=_("Rapport final"), required=False)


class RapportFinalForm(FichierFacultatifMixin, ActionForm):
    prefixe = "rapport"
    libelle = _("Acceptation du rapport final")
    resume = forms.CharField(
        label=_("Résumé des résultats"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seulement si la coordination n'a pas déposé de rapport."),
    )
    fichier = forms.FileField(label=_("Rapport final"), required=False)


class RetraitForm(ActionForm):
    prefixe = "retrait"
    libelle = _("Retrait du projet")
    motif = forms.CharField(label=_("Motif du retrait"), widget=forms.Textarea(attrs={"rows": 2}))
