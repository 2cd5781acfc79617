"""Forms of the créneaux' file, comités, mandats, meetings and partnerships. They validate what
was typed; the views hand it to the verbs of creneaux.actions, which save it."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creneaux.models import (
    STATUTS_TERMINES,
    SUITE_DES_ETAPES,
    TYPES_DECIDEURS,
    Collaboration,
    Comite,
    Creneau,
    Entente,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reglement,
    etapes_dans_le_desordre,
    neq_deja_pris,
)
from creneaux.recherche import (
    organisations_pour_comite,
    organisations_pour_gestion,
    par_recherche,
    personnes_pour_comite,
    personnes_pour_coordination,
)
from noyau.formulaires import AvecVersion, FormulaireBase
from regions.models import PrioriteRegionale

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HEURE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _ordre(debut, fin, message):
    """Attach `message` to field `fin` when it comes before `debut`."""

    def garde(form, data):
        if data.get(debut) and data.get(fin) and data[fin] < data[debut]:
            form.add_error(fin, message)

    return garde


def champ_site_web():
    return forms.URLField(label=_("Site web"), required=False, assume_scheme="https")


class CasesACocher(forms.CheckboxSelectMultiple):
    """Check boxes that count as omitted when none is sent, so that a post carrying none of the
    form's fields is still refused as empty (FormulaireBase) rather than clearing the file."""

    def value_omitted_from_data(self, data, files, name):
        return name not in data


FIN_DE_MANDAT = _ordre("debut", "fin", _("La fin du mandat ne peut précéder son début."))


class CreneauForm(FormulaireBase, AvecVersion, forms.ModelForm):
    """The créneau's file and its priorités régionales; for the Ministère (`statut_modifiable`)
    also its name, regions and the dates of its stages (the stages themselves: EtapeForm)."""

    site_web = champ_site_web()

    class Meta:
        model = Creneau
        fields = [
            "nom",
            "sigle",
            "secteur",
            "secteur_en",
            "vision",
            "description",
            "site_web",
            "organisme_gestionnaire",
            "autres_regions",
            "priorites",
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
            "autres_regions": CasesACocher,
            "priorites": CasesACocher,
        }

    def __init__(self, *args, statut_modifiable=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not statut_modifiable:
            # Name, regions and the stages' dates are the Ministère's (rule creneaux.changer_statut).
            for champ in ("autres_regions", "nom", *Creneau.DATE_DU_STATUT.values()):
                self.fields.pop(champ, None)
        # Any organisation may be found by name; the page renders only the current one and, first,
        # those of the créneau's regions (creneaux.recherche).
        par_recherche(
            self.fields["organisme_gestionnaire"],
            reverse("creneaux:recherche_gestionnaires", args=[self.instance.slug]),
            organisations_pour_gestion(self.instance),
            Organisation.objects.all(),
        )
        regions = [self.instance.region_porteuse_id, *self.instance.autres_regions.values_list("pk", flat=True)]
        self.fields["priorites"].queryset = PrioriteRegionale.objects.filter(region__in=regions).select_related("region")
        self.fields["priorites"].label_from_instance = PrioriteRegionale.libelle_choix
        self.fields["priorites"].help_text = _("Les priorités de ses régions auxquelles le créneau contribue.")

    def clean(self):
        data = super().clean()
        for champ, messages in etapes_dans_le_desordre(data).items():
            self.add_error(champ, messages)
        return data


SORT_DES_PROJETS = [
    ("", "—"),
    ("transferer", _("Transférer au créneau qui l'absorbe")),
    ("retirer", pgettext_lazy("sort d'un projet ouvert", "Retirer")),
]


class EtapeForm(FormulaireBase, forms.Form):
    """The Ministère moves a créneau to its next stage; a merger or a withdrawal settles each open
    project by an explicit choice (transferred to the absorbing créneau, or withdrawn): one choice
    for all of them, and, only when asked (`par_projet`), one per project that overrides it (a
    créneau may have hundreds: the page stays small unless they are wanted one by one)."""

    bouton = _("Enregistrer l'étape")
    statut = forms.ChoiceField(label=_("Nouvelle étape"))
    date = forms.DateField(label=_("Date de la décision"), widget=DATE)
    fusionne_dans = forms.ModelChoiceField(
        label=_("Créneau qui l'absorbe (fusion)"), queryset=Creneau.objects.none(), required=False
    )
    motif = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, creneau, dossiers=(), par_projet=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = [(s, Creneau.Statut(s).label) for s in SUITE_DES_ETAPES[creneau.statut]]
        self.fields["fusionne_dans"].queryset = (
            Creneau.objects.exclude(pk=creneau.pk).exclude(statut__in=STATUTS_TERMINES).select_related("region_porteuse")
        )
        self.cles = [cle for cle, _libelle in dossiers]
        if self.cles:
            self.fields["choix_tous"] = forms.ChoiceField(
                label=_("Sort des projets ouverts"),
                choices=SORT_DES_PROJETS,
                required=False,
                help_text=_("En cas de fusion ou de retrait du créneau : pour chacun, sauf ceux choisis un à un."),
            )
        if par_projet:
            for cle, libelle in dossiers:
                self.fields[f"choix_{cle}"] = forms.ChoiceField(label=libelle, choices=SORT_DES_PROJETS, required=False)

    def choix(self):
        """{key: "transferer" | "retirer" | ""}: a project's own choice, else the one for all."""
        tous = self.cleaned_data.get("choix_tous")
        return {cle: self.cleaned_data.get(f"choix_{cle}") or tous for cle in self.cles}


class EntenteForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = Entente
        fields = [
            "type", "titre", "parties", "signataires", "date_signature", "debut", "fin", "document", "creneaux_nommes",
        ]  # fmt: skip
        widgets = {
            "date_signature": DATE,
            "debut": DATE,
            "fin": DATE,
            "parties": forms.Textarea(attrs={"rows": 3}),
            "signataires": forms.Textarea(attrs={"rows": 3}),
            "creneaux_nommes": CasesACocher,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.region_id:
            self.fields["type"].choices = [(Entente.Type.PRINCIPE, Entente.Type.PRINCIPE.label)]
            # Each option names its créneau with its region (Creneau.__str__): read them together.
            self.fields["creneaux_nommes"].queryset = Creneau.objects.filter(
                region_porteuse=self.instance.region_id
            ).select_related("region_porteuse")
        else:
            self.fields["type"].choices = [(t, t.label) for t in (Entente.Type.MISE_EN_OEUVRE, Entente.Type.RENOUVELLEMENT)]
            del self.fields["creneaux_nommes"]
        self.fields["document"].validators.append(valider_pdf)

    def clean(self):
        data = super().clean()
        _ordre("debut", "fin", _("La fin de l'entente doit suivre son début."))(self, data)
        return data


def valider_pdf(fichier):
    """A signed entente is a PDF (its content says so, not only its name)."""
    debut = fichier.read(5)
    fichier.seek(0)
    if debut != b"%PDF-":
        raise ValidationError(_("L'entente signée se joint en PDF."))


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


class ComiteForm(FormulaireBase, AvecVersion, forms.ModelForm):
    """A comité's name, type, parent and mission. Its rules (quorum, consultations, delegation…)
    are its règlement's (ReglementForm). A comité that decides (de créneau, exécutif,
    interrégional) is created or retyped by the Ministère only (`decideur_permis`)."""

    class Meta:
        model = Comite
        fields = ["type", "nom", "parent", "mandat_texte"]
        widgets = {"mandat_texte": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, decideur_permis=False, **kwargs):
        super().__init__(*args, **kwargs)
        creneau = self.instance.creneau
        if creneau is None:
            # A comité régional: its type and parent are fixed.
            for champ in ("type", "parent"):
                del self.fields[champ]
            return
        types = [t for t in Comite.Type if t != Comite.Type.REGIONAL]
        if not creneau.interregional:
            types.remove(Comite.Type.INTERREGIONAL)
        if not decideur_permis:
            types = [t for t in types if t not in TYPES_DECIDEURS or t == self.instance.type]
            if self.instance.pk and self.instance.type in TYPES_DECIDEURS:
                types = [Comite.Type(self.instance.type)]
            self.fields["type"].help_text = _(
                "Un comité qui décide des projets (de créneau, exécutif, interrégional) est créé par le Ministère."
            )
        self.fields["type"].choices = [(t.value, t.label) for t in types]
        self.fields["parent"].queryset = creneau.comites.exclude(pk=self.instance.pk)
        self.fields["parent"].required = False

    def clean(self):
        data = super().clean()
        type_ = data.get("type", self.instance.type)
        if type_ == Comite.Type.EXECUTIF and "parent" in self.fields and not data.get("parent"):
            self.add_error("parent", _("Un comité exécutif relève d'un comité parent."))
        if type_ == Comite.Type.CRENEAU and self.instance.creneau:
            autres = Comite.objects.filter(creneau=self.instance.creneau, type=Comite.Type.CRENEAU).exclude(pk=self.instance.pk)
            if autres.exists():
                self.add_error("type", _("Ce créneau a déjà son comité de créneau."))
        return data


CHAMPS_DU_REGLEMENT = [
    "quorum", "quorum_reduit", "motif_quorum_reduit", "consultation_electronique", "seuil_consultation",
    "duree_mandat_mois", "seances_par_annee", "delegation_resolutions", "majorite_affaires", "motif",
]  # fmt: skip


class ReglementForm(FormulaireBase, AvecVersion, forms.Form):
    """A new version of a comité's règlement: set by the Ministère, or proposed (coordination,
    bureau) for the Ministère to confirm. The version carried is the comité's; the bounds (quorum
    against the voting members…) are the verb's, told next to their field."""

    def __init__(self, *args, comite, **kwargs):
        super().__init__(*args, version=comite.version, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Reglement,
                fields=CHAMPS_DU_REGLEMENT,
                widgets={"motif_quorum_reduit": forms.Textarea(attrs={"rows": 2}), "motif": forms.Textarea(attrs={"rows": 3})},
            )
        )
        self.fields["quorum"].widget.attrs["min"] = 1
        self.fields["motif"].label = _("Motif de la modification")
        if comite.type != Comite.Type.EXECUTIF:
            del self.fields["delegation_resolutions"]


class MandatForm(FormulaireBase, forms.ModelForm):
    """Add a member: an existing person, or a new one typed in. For the Ministère (`ministere`),
    a `motif` allows an earlier start; for a coordination, a bureau role or a vote is proposed,
    to be confirmed by the direction régionale."""

    prenom = forms.CharField(label=_("Prénom (nouvelle personne)"), max_length=100, required=False)
    nom = forms.CharField(label=_("Nom (nouvelle personne)"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (nouvelle personne)"), queryset=Organisation.objects.none(), required=False
    )
    motif = forms.CharField(
        label=_("Motif d'un début antérieur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Un mandat commence au plus tôt le jour où il est consigné. Le Ministère peut consigner un début "
            "antérieur (mandat déjà exercé, régularisation) : indiquez pourquoi, le motif est gardé à l'historique."
        ),
    )

    class Meta:
        model = Mandat
        fields = ["personne", "prenom", "nom", "organisation", "role", "college", "debut", "fin"]
        widgets = {"debut": DATE, "fin": DATE}

    def __init__(self, *args, ministere=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personne"].required = False
        # Any person may be found by name (the picker's search); the page renders only the one
        # chosen and the people of the créneau's organisations first (creneaux.recherche).
        par_recherche(
            self.fields["personne"],
            reverse("creneaux:recherche_personnes", args=[self.instance.comite_id]),
            personnes_pour_comite(self.instance.comite),
            Personne.objects.select_related("organisation"),
        )
        # Likewise the new person's organisation: any by name, the comité's own first.
        par_recherche(
            self.fields["organisation"],
            reverse("creneaux:organisations_comite", args=[self.instance.comite_id]),
            organisations_pour_comite(self.instance.comite),
            Organisation.objects.all(),
        )
        if not ministere:
            del self.fields["motif"]
            self.fields["role"].help_text = _(
                "Une présidence, un secrétariat ou un droit de vote prend effet une fois confirmé par la direction "
                "régionale du Ministère ; un·e observateur·trice siège dès sa nomination. La coordination du créneau "
                "siège sur ses comités comme observatrice seulement."
            )
            self.fields["debut"].help_text = _("Au plus tôt aujourd'hui.")

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


class FinMandatForm(FormulaireBase, AvecVersion, forms.Form):
    """The Ministère ends a mandate: today or later, never later than an end already recorded
    (the verb's guards, told next to the field)."""

    bouton = _("Terminer le mandat")
    fin = forms.DateField(
        label=_("Fin"),
        widget=DATE,
        help_text=_(
            "Au plus tôt aujourd'hui. Une fin consignée ne se repousse pas : un nouveau mandat, confirmé à nouveau, "
            "prolonge la présence."
        ),
    )
    motif = forms.CharField(label=_("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DemissionForm(FormulaireBase, AvecVersion, forms.Form):
    bouton = _("Démissionner")
    motif = forms.CharField(label=_("Motif (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NommerCoordinationForm(FormulaireBase, forms.Form):
    """The Ministère appoints a créneau's coordination: the person, the employer, the start (and
    why, for a start before today)."""

    bouton = _("Nommer la coordination")
    personne = forms.ModelChoiceField(label=_("Personne"), queryset=Personne.objects.none())
    employeur = forms.ModelChoiceField(
        label=_("Employeur"), queryset=Organisation.objects.none(), help_text=_("L'organisation qui embauche la coordination.")
    )
    debut = forms.DateField(label=_("Début"), widget=DATE)
    motif = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour un début antérieur à aujourd'hui."),
    )

    def __init__(self, *args, creneau, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_id = "form-nommer-coordination"
        par_recherche(
            self.fields["personne"],
            reverse("creneaux:recherche_personnes_coordination", args=[creneau.slug]),
            personnes_pour_coordination(creneau),
            Personne.objects.select_related("organisation"),
        )
        par_recherche(
            self.fields["employeur"],
            reverse("creneaux:recherche_gestionnaires", args=[creneau.slug]),
            organisations_pour_gestion(creneau),
            Organisation.objects.all(),
        )


class TerminerCoordinationForm(FormulaireBase, forms.Form):
    """The Ministère ends the current coordination, with a motif."""

    bouton = _("Terminer la coordination")
    fin = forms.DateField(label=_("Fin"), widget=DATE)
    motif = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "fin")
        super().__init__(*args, **kwargs)
        self.helper.form_id = "form-terminer-coordination"


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
            # The créneaux taking part and those asked who have not declined yet.
            self.initial["creneaux"] = [c.pk for c in self.instance.creneaux.all() if c.pk != creneau.pk] + list(
                self.instance.demandes.filter(statut="en_attente").values_list("creneau", flat=True)
            )

    def clean(self):
        data = super().clean()
        _ordre("debut", "fin", _("La fin ne peut précéder le début."))(self, data)
        return data
