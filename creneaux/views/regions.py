"""Public pages of the 17 regions: their comité régional, créneaux and strategies with their priorités (here, above
regions, since a region page lists créneaux)."""

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from creneaux.models import Comite, Creneau
from noyau.tri import alpha
from noyau.views import RegleSansObjetMixin
from regions.models import PrioriteRegionale, Region, StrategieRegionale


class RegionsView(RegleSansObjetMixin, ListView):
    regle = "creneaux.annuaire"
    template_name = "regions/liste.html"
    context_object_name = "regions"

    def get_queryset(self):
        publics = ~Q(creneaux_portes__statut=Creneau.Statut.POTENTIEL)
        return Region.objects.annotate(
            nb_portes=Count("creneaux_portes", filter=publics, distinct=True),
            nb_associes=Count("creneaux_associes", filter=~Q(creneaux_associes__statut=Creneau.Statut.POTENTIEL), distinct=True),
        )


class RegionView(RegleSansObjetMixin, DetailView):
    regle = "creneaux.annuaire"
    template_name = "regions/detail.html"
    context_object_name = "region"

    def get_queryset(self):
        creneaux = Creneau.objects.publics().pour_annuaire().order_by(alpha("nom"))
        return Region.objects.prefetch_related(
            Prefetch("strategies", queryset=StrategieRegionale.objects.order_by("-debut", "titre")),
            Prefetch("strategies__priorites", queryset=PrioriteRegionale.objects.order_by("territoire", "numero")),
            Prefetch("creneaux_portes", queryset=creneaux, to_attr="liste_portes"),
            Prefetch("creneaux_associes", queryset=creneaux, to_attr="liste_associes"),
            Prefetch(
                "comites",
                queryset=Comite.objects.filter(type=Comite.Type.REGIONAL).avec_membres_actifs(),
                to_attr="comites_regionaux",
            ),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["comite_regional"] = next(iter(self.object.comites_regionaux), None)
        return ctx
