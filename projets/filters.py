"""Filters of the project list (django-filter); the CSV export uses the same filter set."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.choices import BaseChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau, Enjeu
from noyau.exercices import exercice_demande, libelle
from noyau.filtres import FiltresBootstrap
from noyau.tri import alpha
from projets.models import Programme, Projet, Statut
from regions.models import Region


def _fourchette(libelle):
    """A min–max pair of inputs, each with its own accessible name (the field's label names only
    the first)."""
    widget = django_filters.widgets.RangeWidget(attrs={"inputmode": "decimal"})
    widget.widgets[0].attrs["aria-label"] = format_lazy(_("{champ} : minimum ($)"), champ=libelle)
    widget.widgets[1].attrs["aria-label"] = format_lazy(_("{champ} : maximum ($)"), champ=libelle)
    return widget


class OptionsExercice(BaseChoiceIterator):
    """Options of the exercice select: « Tous », then the years of the projects, read only when the
    select is drawn (taking the first option reads nothing)."""

    def __iter__(self):
        yield "", _("Tous")
        yield from ((a, libelle(a)) for a in Projet.objects.exercices())


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

    def build_choices(self, fields, labels):
        """Each column ascending then descending. The labels stay lazy, translated when the select
        is drawn: django-filter formats the descending ones once, when the filter set is defined."""
        choix = []
        for champ, param in fields.items():
            nom = labels[champ]
            choix += [(param, nom), (f"-{param}", format_lazy(_("{champ} (décroissant)"), champ=nom))]
        return choix


class ProjetFilter(FiltresBootstrap, django_filters.FilterSet):
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
    exercice = django_filters.CharFilter(
        label=_("Exercice"), method="filtrer_exercice", widget=forms.Select(choices=OptionsExercice())
    )
    enjeu = django_filters.ChoiceFilter(label=_("Enjeu"), choices=Enjeu.choices, empty_label=_("Tous"))
    demande = django_filters.RangeFilter(label=_("Aide demandée ($)"), widget=_fourchette(_("Aide demandée")))
    tri = TriProjets()

    class Meta:
        fields = []

    def filtrer_exercice(self, queryset, name, value):
        """`?exercice=2026`, read by the portal's one parser; a year out of its bounds finds nothing."""
        return queryset.filter(exercice=exercice_demande(value, defaut=0)) if value else queryset

    def chercher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(numero__icontains=value) | Q(titre__icontains=value) | Q(porteur__nom__icontains=value))
