"""Forms of the créneaux' file, comités, mandats, meetings and partnerships. They validate what
was typed; the views hand it to the verbs of creneaux.actions, which save it."""

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
    etapes_dans_le_desordre,
    neq_deja_pris,
)
from noyau.fichiers import verifier_fichier
from noyau.formulaires import FormulaireBase
from noyau.tri import alpha

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _ordre(debut, fin, message):
    """Attach `message` to field `fin` when it comes before `debut`."""

    def verifier(form, data):
        if data.get(debut) and data.get(fin) and data[fin] < data[debut]:
            form.add_error(fin, message)

    return verifier


def champ_site_web():
    return forms.URLField(label=_("Site web"), required=False, assume_scheme="https")


FIN_DE_MANDAT = _ordre("debut", "fin", _("La fin du mandat ne peut précéder son début."))


class CreneauForm(FormulaireBase, forms.ModelForm):
    """The créneau's file; for the Ministère (`statut_modifiable`) also its name, regions, stage
    and merger, with the motif of a change of stage."""

    site_web = champ_site_web()
    motif = forms.CharField(
        label=_("Motif du changement de statut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour changer le statut ou fusionner le créneau."),
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
            "motif",
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
            for champ in ("statut", "fusionne_dans", "motif", "autres_regions", "nom"):
                del self.fields[champ]
        else:
            self.fields["fusionne_dans"].queryset = Creneau.objects.exclude(pk=self.instance.pk).select_related("region_porteuse")
        self.fields["organisme_gestionnaire"].queryset = Organisation.objects.order_by(alpha("nom"))

    def clean(self):
        data = super().clean()
        for champ, messages in etapes_dans_le_desordre(data).items():
            self.add_error(champ, messages)
        fusionne = data.get("statut") == Creneau.Statut.FUSIONNE
        if fusionne and not data.get("fusionne_dans"):
            self.add_error("fusionne_dans", _("Un créneau fusionné doit indiquer le créneau qui l'a absorbé."))
        if data.get("fusionne_dans") and "statut" in data and not fusionne:
            self.add_error("fusionne_dans", _("Seul un créneau fusionné indique le créneau qui l'a absorbé."))
        return data


class OrganisationForm(FormulaireBase, forms.ModelForm):
    site_web = champ_site_web()

    class Meta:
        model = Organisation
        fields = ["nom", "type", "region", "neq", "ville", "site_web"]

    def clean_neq(self):
        neq = self.cleaned_data["neq"]
        if neq_deja_pris(neq, sauf=self.instance.pk):
            raise ValidationError(_("Une autre organisation porte déjà ce NEQ."))
        return neq


class ComiteForm(FormulaireBase, forms.ModelForm):
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


class MandatForm(FormulaireBase, forms.ModelForm):
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

    def personne_choisie(self):
        """The person chosen, or the new one typed in (unsaved: the verb creates it)."""
        d = self.cleaned_data
        return d["personne"] or Personne(prenom=d["prenom"], nom=d["nom"], organisation=d.get("organisation"))


class FinMandatForm(FormulaireBase, forms.ModelForm):
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


class ReunionForm(FormulaireBase, forms.ModelForm):
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

    def clean_proces_verbal(self):
        """A new upload goes through the portal's one file check (type by content, size, name)."""
        fichier = self.cleaned_data.get("proces_verbal")
        if fichier and not getattr(fichier, "_committed", False):
            verifier_fichier(fichier)
        return fichier


class PartenariatForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = PartenariatInternational
        fields = ["partenaire", "pays", "type", "maturite", "debut", "description"]
        widgets = {"debut": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class CollaborationForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = Collaboration
        fields = ["titre", "description", "creneaux", "debut", "fin"]
        widgets = {"debut": DATE, "fin": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, creneau, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creneaux"].queryset = Creneau.objects.publics().exclude(pk=creneau.pk).select_related("region_porteuse")
        self.fields["creneaux"].label = _("Autres créneaux")
        if self.instance.pk:
            self.initial["creneaux"] = [c.pk for c in self.instance.creneaux.all() if c.pk != creneau.pk]

    def clean(self):
        data = super().clean()
        _ordre("debut", "fin", _("La fin ne peut précéder le début."))(self, data)
        return data
