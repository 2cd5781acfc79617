"""Forms of the créneaux' file, comités, mandats, meetings and partnerships (crispy, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creneaux.models import (
    Collaboration,
    Comite,
    Creneau,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reunion,
)
from noyau.tri import alpha

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FormulaireAccord(forms.ModelForm):
    """Crispy layout with one submit button; database constraints become form errors, never a 500;
    a post without any of the form's fields is refused.

    Django skips a constraint whose fields are not all in the form; the views set those fields
    (créneau, comité…) on the instance first, so every constraint is checked here.
    """

    bouton = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", self.bouton))

    def _post_clean(self):
        super()._post_clean()
        if self.fields and all(
            f.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(n)) for n, f in self.fields.items()
        ):
            # A post that carries none of the form's fields is no edit: it would blank every optional field.
            self.add_error(None, _("Le formulaire reçu est vide : rien n'a été enregistré."))
        if not self.errors:
            try:
                self.instance.validate_constraints()
            except ValidationError as e:
                self._update_errors(e)


def _ordre(debut, fin, message):
    """Attach `message` to field `fin` when it comes before `debut`."""

    def verifier(form, data):
        if data.get(debut) and data.get(fin) and data[fin] < data[debut]:
            form.add_error(fin, message)

    return verifier


def champ_site_web():
    return forms.URLField(label=_("Site web"), required=False, assume_scheme="https")


FIN_DE_MANDAT = _ordre("debut", "fin", _("La fin du mandat ne peut précéder son début."))


class CreneauForm(FormulaireAccord):
    site_web = champ_site_web()
    ETAPES = (
        _ordre("date_potentiel", "date_autorise", _("L'autorisation ne peut précéder la désignation comme potentiel.")),
        _ordre("date_autorise", "date_reconnu", _("La reconnaissance ne peut précéder l'autorisation.")),
        _ordre("date_reconnu", "date_fin", _("La fin ne peut précéder la reconnaissance.")),
    )

    class Meta:
        model = Creneau
        fields = [
            "nom",
            "sigle",
            "secteur",
            "vision",
            "description",
            "site_web",
            "organisme_gestionnaire",
            "autres_regions",
            "statut",
            "fusionne_dans",
            "date_potentiel",
            "date_autorise",
            "date_reconnu",
            "date_fin",
        ]
        widgets = {
            "date_potentiel": DATE,
            "date_autorise": DATE,
            "date_reconnu": DATE,
            "date_fin": DATE,
            "vision": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "autres_regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, statut_modifiable=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not statut_modifiable:
            # The stage and the merger are the Ministère's decisions (rule creneaux.changer_statut).
            for champ in ("statut", "fusionne_dans", "autres_regions", "nom"):
                del self.fields[champ]
        else:
            self.fields["fusionne_dans"].queryset = Creneau.objects.exclude(pk=self.instance.pk).select_related("region_porteuse")
        self.fields["organisme_gestionnaire"].queryset = Organisation.objects.order_by(alpha("nom"))

    def clean(self):
        data = super().clean()
        for verifier in self.ETAPES:
            verifier(self, data)
        if data.get("statut") == Creneau.Statut.FUSIONNE and not data.get("fusionne_dans"):
            self.add_error("fusionne_dans", _("Un créneau fusionné doit indiquer le créneau qui l'a absorbé."))
        return data


class OrganisationForm(FormulaireAccord):
    site_web = champ_site_web()

    class Meta:
        model = Organisation
        fields = ["nom", "type", "region", "neq", "ville", "site_web"]

    def clean_neq(self):
        neq = self.cleaned_data["neq"]
        if neq and Organisation.objects.filter(neq=neq).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Une autre organisation porte déjà ce NEQ."))
        return neq


class ComiteForm(FormulaireAccord):
    class Meta:
        model = Comite
        fields = ["type", "nom", "parent", "delegation_resolutions", "quorum", "mandat_texte"]
        widgets = {"mandat_texte": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creneau = self.instance.creneau
        if creneau is None:
            # A comité régional: its type and parent are fixed.
            for champ in ("type", "parent", "delegation_resolutions"):
                del self.fields[champ]
            return
        self.fields["type"].choices = [(t.value, t.label) for t in Comite.Type if t != Comite.Type.REGIONAL]
        self.fields["parent"].queryset = creneau.comites.exclude(pk=self.instance.pk)
        self.fields["parent"].required = False

    def clean(self):
        data = super().clean()
        type_ = data.get("type", self.instance.type)
        if type_ == Comite.Type.EXECUTIF and "parent" in self.fields and not data.get("parent"):
            self.add_error("parent", _("Un comité exécutif relève d'un comité parent."))
        if data.get("delegation_resolutions") and type_ != Comite.Type.EXECUTIF:
            self.add_error("delegation_resolutions", _("Seul un comité exécutif peut recevoir la délégation des résolutions."))
        if type_ == Comite.Type.CRENEAU and self.instance.creneau:
            autres = Comite.objects.filter(creneau=self.instance.creneau, type=Comite.Type.CRENEAU).exclude(pk=self.instance.pk)
            if autres.exists():
                self.add_error("type", _("Ce créneau a déjà son comité de créneau."))
        return data


class MandatForm(FormulaireAccord):
    """Add a member: an existing person, or a new one typed in."""

    prenom = forms.CharField(label=_("Prénom (nouvelle personne)"), max_length=100, required=False)
    nom = forms.CharField(label=_("Nom (nouvelle personne)"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (nouvelle personne)"), queryset=Organisation.objects.none(), required=False
    )

    class Meta:
        model = Mandat
        fields = ["personne", "prenom", "nom", "organisation", "role", "college", "debut", "fin"]
        widgets = {"debut": DATE, "fin": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personne"].required = False
        self.fields["personne"].queryset = Personne.objects.select_related("organisation").order_by(alpha("nom"), "prenom")
        self.fields["organisation"].queryset = Organisation.objects.order_by(alpha("nom"))

    def clean(self):
        data = super().clean()
        if not data.get("personne") and not (data.get("prenom") and data.get("nom")):
            self.add_error("personne", _("Choisissez une personne ou saisissez le prénom et le nom d'une nouvelle."))
        FIN_DE_MANDAT(self, data)
        personne = data.get("personne")
        if (
            personne
            and not data.get("fin")
            and Mandat.objects.filter(personne=personne, comite=self.instance.comite, fin=None).exists()
        ):
            self.add_error("personne", _("Cette personne a déjà un mandat en cours dans ce comité."))
        return data

    def save(self, commit=True):
        if not self.cleaned_data.get("personne"):
            self.instance.personne = Personne.objects.create(
                prenom=self.cleaned_data["prenom"],
                nom=self.cleaned_data["nom"],
                organisation=self.cleaned_data.get("organisation"),
            )
        return super().save(commit)


class FinMandatForm(FormulaireAccord):
    bouton = _("Terminer le mandat")

    class Meta:
        model = Mandat
        fields = ["fin"]
        widgets = {"fin": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fin"].required = True

    def clean_fin(self):
        fin = self.cleaned_data["fin"]
        if fin < self.instance.debut:
            raise ValidationError(
                _("La fin du mandat ne peut précéder son début (%(debut)s)."), params={"debut": self.instance.debut}
            )
        return fin


class ReunionForm(FormulaireAccord):
    class Meta:
        model = Reunion
        fields = ["date", "lieu", "ordre_du_jour", "presents", "proces_verbal"]
        widgets = {
            "date": DATE_HEURE,
            "presents": forms.CheckboxSelectMultiple,
            "ordre_du_jour": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Attendance is taken among the comité's members active on the meeting day (today for a new one).
        jour = timezone.localdate(self.instance.date) if self.instance.pk else None
        self.fields["presents"].queryset = (
            Personne.objects.filter(mandats__in=self.instance.comite.mandats.actifs(jour)).distinct().order_by("nom", "prenom")
        )
        self.fields["presents"].help_text = _("Cochez les membres présents.")


class PartenariatForm(FormulaireAccord):
    class Meta:
        model = PartenariatInternational
        fields = ["partenaire", "pays", "type", "maturite", "debut", "description"]
        widgets = {"debut": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class CollaborationForm(FormulaireAccord):
    class Meta:
        model = Collaboration
        fields = ["titre", "description", "creneaux", "debut", "fin"]
        widgets = {"debut": DATE, "fin": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, creneau, **kwargs):
        super().__init__(*args, **kwargs)
        self.creneau = creneau
        self.fields["creneaux"].queryset = Creneau.objects.publics().exclude(pk=creneau.pk).select_related("region_porteuse")
        self.fields["creneaux"].label = _("Autres créneaux")
        if self.instance.pk:
            self.initial["creneaux"] = [c.pk for c in self.instance.creneaux.all() if c.pk != creneau.pk]

    def clean(self):
        data = super().clean()
        _ordre("debut", "fin", _("La fin ne peut précéder le début."))(self, data)
        return data

    def save(self, commit=True):
        collaboration = super().save(commit)
        collaboration.creneaux.add(self.creneau)
        return collaboration
