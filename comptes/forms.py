from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.formulaires import FormulaireBase


class CodeForm(FormulaireBase, forms.Form):
    bouton = _("Valider")

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the template's form also carries `next`
