"""Filters of the public lists (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau, Organisation
from noyau.filtres import FiltresBootstrap
from regions.models import Region


class FiltreTexte(django_filters.CharFilter):
    """Free text searched in several fields (case- and accent-insensitive enough for names)."""

    def __init__(self, *args, champs, **kwargs):
        super().__init__(*args, label=_("Recherche"), method=self.chercher, **kwargs)
        self.champs = champs

    def chercher(self, queryset, name, valeur):
        if not valeur:
            return queryset
        q = Q()
        for champ in self.champs:
            q |= Q(**{f"{champ}__icontains": valeur})
        return queryset.filter(q)


class CreneauFilter(FiltresBootstrap, django_filters.FilterSet):
    q = FiltreTexte(champs=["nom", "sigle", "secteur", "vision", "organisme_gestionnaire__nom"])
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), queryset=Region.objects.all(), method="filtrer_region", empty_label=_("Toutes les régions")
    )
    statut = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=[(s.value, s.label) for s in Creneau.Statut if s != Creneau.Statut.POTENTIEL],
        empty_label=_("Tous les statuts"),
    )
    secteur = django_filters.ChoiceFilter(label=_("Secteur"), empty_label=_("Tous les secteurs"))

    class Meta:
        model = Creneau
        fields = ["q", "region", "statut", "secteur"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        secteurs = self.queryset.exclude(secteur="").order_by("secteur").values_list("secteur", flat=True).distinct()
        self.filters["secteur"].extra["choices"] = [(s, s) for s in secteurs]

    def filtrer_region(self, queryset, name, region):
        """A créneau belongs to its region porteuse and to its other regions."""
        dans_region = Creneau.objects.filter(Q(region_porteuse=region) | Q(autres_regions=region)).values("pk")
        return queryset.filter(pk__in=dans_region)


class OrganisationFilter(FiltresBootstrap, django_filters.FilterSet):
    q = FiltreTexte(champs=["nom", "ville", "neq"])
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Organisation.Type.choices, empty_label=_("Tous les types"))
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), queryset=Region.objects.all(), empty_label=_("Toutes les régions")
    )

    class Meta:
        model = Organisation
        fields = ["q", "type", "region"]
