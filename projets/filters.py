"""Filters of the project list (django-filter); the CSV export uses the same filter set."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau, Enjeu
from noyau.exercices import libelle
from noyau.tri import alpha
from projets.models import Programme, Projet, Statut
from regions.models import Region


def _exercices():
    annees = Projet.objects.exclude(exercice=None).order_by("-exercice").values_list("exercice", flat=True).distinct()
    return [(a, libelle(a)) for a in annees]


class TriProjets(django_filters.OrderingFilter):
    """Sortable columns (without one, the list keeps its own order: newest first)."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            fields=(
                ("numero", "numero"),
                ("titre", "titre"),
                ("creneau__nom", "creneau"),
                ("creneau__region_porteuse__code", "region"),
                ("porteur__nom", "porteur"),
                ("statut", "statut"),
                ("demande", "demande"),
                ("statut_depuis", "depuis"),
            ),
            field_labels={
                "numero": _("Numéro"),
                "titre": _("Titre"),
                "creneau__nom": _("Créneau"),
                "creneau__region_porteuse__code": _("Région"),
                "porteur__nom": _("Porteur"),
                "statut": _("État"),
                "demande": _("Aide demandée"),
                "statut_depuis": _("Depuis"),
            },
            label=_("Trier par"),
            **kwargs,
        )


class ProjetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="chercher", help_text=_("Numéro, titre ou porteur"))
    statut = django_filters.MultipleChoiceFilter(
        label=_("État"), choices=Statut.choices, distinct=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="creneau__region_porteuse", queryset=Region.objects.all(), empty_label=_("Toutes")
    )
    creneau = django_filters.ModelChoiceFilter(
        label=_("Créneau"),
        # Only créneaux with projects: the select stays short even with hundreds of créneaux.
        queryset=Creneau.objects.filter(Exists(Projet.objects.filter(creneau=OuterRef("pk"))))
        .select_related("region_porteuse")
        .order_by(alpha("nom")),
        empty_label=_("Tous"),
    )
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.all(), empty_label=_("Tous"))
    exercice = django_filters.ChoiceFilter(label=_("Exercice"), choices=_exercices, empty_label=_("Tous"))
    enjeu = django_filters.ChoiceFilter(label=_("Enjeu"), choices=Enjeu.choices, empty_label=_("Tous"))
    demande = django_filters.RangeFilter(
        label=_("Aide demandée ($)"), widget=django_filters.widgets.RangeWidget(attrs={"inputmode": "decimal"})
    )
    tri = TriProjets()

    class Meta:
        fields = []

    def chercher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(numero__icontains=value) | Q(titre__icontains=value) | Q(porteur__nom__icontains=value))
