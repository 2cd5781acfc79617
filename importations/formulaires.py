from django import forms
from django.utils.translation import gettext_lazy as _

from importations.models import Importation
from noyau.formulaires import FormulaireBase


class DepotForm(FormulaireBase, forms.Form):
    bouton = _("Voir l'aperçu")

    type = forms.ChoiceField(label=_("Le fichier contient"), choices=Importation.Type.choices)
    fichier = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("CSV (séparateur « ; » ou « , », avec ou sans BOM) ou classeur XLSX : la première feuille est lue."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the template's form carries the action and the file encoding


class ConfirmationForm(FormulaireBase, forms.Form):
    bouton = None

    ignorer_invalides = forms.BooleanField(
        label=_("Importer les lignes valides et laisser de côté les lignes invalides"), required=False
    )
