"""The one base of every form of the portal: `class XForm(FormulaireBase, forms.ModelForm)` (or
`forms.Form`).

- a crispy layout with one submit button (`bouton`);
- a post that carries none of the form's fields is refused: it is no edit, and saving it would
  blank every optional field of what is already saved;
- every date lies between 1990 and 2100 (noyau.dates), told next to the field;
- for model forms, the model's database constraints become form errors, never a 500. Django
  skips a constraint whose fields are not all in the form; callers set those fields (créneau,
  comité…) on the instance first, so every constraint is checked here.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from noyau.dates import hors_bornes

FORMULAIRE_VIDE = _("Le formulaire reçu est vide : rien n'a été enregistré.")


class FormulaireBase:
    bouton = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if self.bouton:
            # Prefixed like the fields: several forms on one page, each button its own id.
            self.helper.add_input(Submit("enregistrer", self.bouton, css_id=self.add_prefix("submit-id-enregistrer")))

    def _clean_fields(self):
        super()._clean_fields()
        for nom, champ in self.fields.items():
            if isinstance(champ, forms.DateField | forms.DateTimeField) and (message := hors_bornes(self.cleaned_data.get(nom))):
                self.add_error(nom, message)

    def _post_clean(self):
        super()._post_clean()
        if self.fields and all(
            f.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(n)) for n, f in self.fields.items()
        ):
            self.add_error(None, FORMULAIRE_VIDE)
        instance = getattr(self, "instance", None)
        if instance is not None and not self.errors:
            try:
                instance.validate_constraints()
            except ValidationError as e:
                self._update_errors(e)


# Spaces a person (or the portal's own display, « 12 500,00 $ ») puts between thousands.
_ESPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


def montant_saisi(texte, langue):
    """A typed amount as a plain decimal string: « 45 000 », « 45 000,00 $ », « 45000.5 », and in
    English « 45,000.00 » all read as what they show. The separator written last is the decimal
    one when both appear; a lone comma is decimal in French, a thousands separator in English."""
    texte = str(texte).strip().removesuffix("$").removeprefix("$").translate(_ESPACES)
    if "," in texte and "." in texte:
        decimale, milliers = (",", ".") if texte.rfind(",") > texte.rfind(".") else (".", ",")
        texte = texte.replace(milliers, "").replace(decimale, ".")
    elif "," in texte:
        texte = texte.replace(",", "") if langue == "en" else texte.replace(",", ".")
    return texte


class ChampMontant(forms.DecimalField):
    """An amount in dollars, typed as people write it in Québec (see `montant_saisi`), in a text
    input (a number input would refuse « 45 000 » in the browser before we see it)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(montant_saisi(value, translation.get_language() or "fr"))


class AvecVersion(forms.Form):
    """Carries the version of the row as read: the verb refuses it (Conflit) if someone changed
    the row meanwhile, rather than saving over their change."""

    version_lue = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version_lue"].initial = version if version is not None else getattr(instance, "version", None)
        if version is None and instance is not None and instance.pk is None:
            self.fields["version_lue"].required = False  # a new row has no version to be stale
