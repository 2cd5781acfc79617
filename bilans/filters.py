import django_filters
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from bilans.models import BilanAnnuel, Statut
from creneaux.models import Creneau
from noyau.filtres import FiltresBootstrap
from noyau.tri import alpha
from regions.models import Region

NON_COMMENCE = "non_commence"
# The first exercice offered in the follow-up's choice of exercices.
PREMIER_EXERCICE = 2008


class SuiviFilter(FiltresBootstrap, django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="region_porteuse", queryset=Region.objects.none(), label=_("Région"), empty_label=_("Toutes")
    )
    etat = django_filters.ChoiceFilter(
        field_name="etat_bilan",
        choices=[(NON_COMMENCE, _("Non commencé")), *Statut.choices],
        label=_("État du bilan"),
        empty_label=_("Tous"),
    )

    class Meta:
        model = Creneau
        fields = ["region", "etat"]

    def __init__(self, data=None, *, exercice, roles, **kwargs):
        bilan = BilanAnnuel.objects.filter(creneau=OuterRef("pk"), exercice=exercice)
        qs = (
            Creneau.objects.filter(statut=Creneau.Statut.RECONNU)
            .select_related("region_porteuse")
            .annotate(
                etat_bilan=Coalesce(Subquery(bilan.values("statut")[:1]), Value(NON_COMMENCE)),
                bilan_id=Subquery(bilan.values("pk")[:1]),
                premiere_soumission=Subquery(bilan.values("premiere_soumission")[:1]),
            )
            .order_by("region_porteuse__code", alpha("nom"))
        )
        regions = Region.objects.all()
        if not (roles.central or roles.admin):  # the administrator reads every region's (read only)
            qs = qs.filter(region_porteuse__in=roles.directions_regionales)
            regions = regions.filter(pk__in=roles.directions_regionales)
        super().__init__(data, queryset=qs, **kwargs)
        self.filters["region"].queryset = regions
