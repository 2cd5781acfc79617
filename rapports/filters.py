import django_filters
from django.utils.translation import gettext_lazy as _

from creneaux.models import Enjeu
from noyau.exercices import exercice_de, libelle
from projets.models import Programme, Projet
from regions.models import Region


class FiltresTableauDeBord(django_filters.FilterSet):
    """The dashboard's filters; the exercice defaults to the current one."""

    exercice = django_filters.TypedChoiceFilter(label=_("Exercice"), coerce=int)
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="creneau__region_porteuse", queryset=Region.objects.all(), empty_label=_("Toutes")
    )
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.all(), empty_label=_("Tous"))
    enjeu = django_filters.ChoiceFilter(label=_("Enjeu"), choices=Enjeu.choices, empty_label=_("Tous"))

    class Meta:
        model = Projet
        fields = ["exercice", "region", "programme", "enjeu"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("exercice", str(exercice_de()))
        super().__init__(data, *args, **kwargs)
        # The years, read once per page (a callable `choices` is read again at every form copy).
        annees = sorted({*Projet.objects.exercices(), exercice_de()}, reverse=True)
        self.filters["exercice"].extra["choices"] = [(a, libelle(a)) for a in annees]

    def valeur(self, nom):
        return self.form.cleaned_data.get(nom) if self.is_valid() else None
