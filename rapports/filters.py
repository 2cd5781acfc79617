from django import forms
from django.utils.translation import gettext_lazy as _

from creneaux.models import Enjeu
from noyau.exercices import exercice_de, libelle
from noyau.filtres import classes_bootstrap
from projets.models import Programme, Projet
from regions.models import Region


class FiltresTableauDeBord(forms.Form):
    """The dashboard's filters, read by rapports.indicateurs.calculer: the exercice is the period
    the figures' events fall in (the current one by default, « Tous les exercices »: every year),
    not a field the projects are filtered on; region, programme and enjeu narrow the projects."""

    exercice = forms.TypedChoiceField(label=_("Exercice"), coerce=int, required=False, empty_value=None)
    region = forms.ModelChoiceField(label=_("Région"), queryset=Region.objects.all(), required=False, empty_label=_("Toutes"))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("Tous")
    )
    enjeu = forms.ChoiceField(label=_("Enjeu"), choices=[("", _("Tous")), *Enjeu.choices], required=False)

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("exercice", str(exercice_de()))
        super().__init__(data, *args, **kwargs)
        # The years, read once per page (a callable `choices` is read again at every form copy).
        annees = sorted({*Projet.objects.exercices(), exercice_de()}, reverse=True)
        self.fields["exercice"].choices = [("", _("Tous les exercices")), *((a, libelle(a)) for a in annees)]
        classes_bootstrap(self)

    def valeur(self, nom):
        """The field's value; a refused one (its error shown beside it) narrows nothing, and the
        other filters still apply."""
        self.is_valid()
        return self.cleaned_data.get(nom)
