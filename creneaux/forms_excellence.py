"""Forms of the créneau's member companies and of its dossier d'excellence."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.forms import DATE
from creneaux.models import MembreCreneau, Organisation
from creneaux.recherche import organisations_pour_projet, par_recherche
from noyau.fichiers import FORMATS_LISIBLES
from noyau.formulaires import FormulaireBase


class MembreForm(FormulaireBase, forms.ModelForm):
    class Meta:
        model = MembreCreneau
        fields = ["organisation", "debut", "fin", "leader"]
        widgets = {"debut": DATE, "fin": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creneau = self.instance.creneau
        par_recherche(
            self.fields["organisation"],
            reverse("creneaux:recherche_gestionnaires", args=[creneau.slug]),
            organisations_pour_projet(creneau),
            Organisation.objects.all(),
        )
        self.fields["organisation"].help_text = _("Une organisation de type « entreprise ».")


class DossierExcellenceForm(FormulaireBase, forms.Form):
    avantages_comparatifs = forms.CharField(
        label=_("Avantages comparatifs"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Expertise, entreprises exportatrices, main-d'œuvre, formation, recherche : "
            "ce qui distingue la région dans ce secteur."
        ),
    )
    documentation = forms.FileField(
        label=_("Documentation"),
        required=False,
        help_text=_("Étude ou portrait du secteur (%(formats)s). Laissez vide pour garder celle déjà déposée.")
        % {"formats": FORMATS_LISIBLES},
    )
