"""The project list and its CSV export (the same filters, the same rows)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from noyau.exercices import libelle
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from noyau.tableur import ecrivain_csv
from noyau.views import RegleRequiseMixin, regle_requise
from projets.filters import ProjetFilter
from projets.selectors import filtre_liste


class ListeView(RegleRequiseMixin, FilterView):
    regle = "projets.lister"
    template_name = "projets/liste.html"
    filterset_class = ProjetFilter
    context_object_name = "projets"
    paginate_by = 25

    def get_filterset(self, filterset_class):
        return filtre_liste(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        tri = self.filterset.form.fields["tri"]
        params = self.request.GET.copy()
        params.pop("tri", None)
        params.pop("page", None)
        return ctx | {
            "colonnes": [(cle, lib) for cle, lib in tri.choices if cle and not cle.startswith("-")],
            "tri_actuel": self.request.GET.get("tri", ""),
            "params_sans_tri": params.urlencode() + "&" if params else "",
            "peut_creer": verifier("projets.creer", self.request.user).ok,
        }


@regle_requise("projets.lister")
def export_csv(request):
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="projets-{aujourdhui().isoformat()}.csv"'
    reponse.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    ecrivain = ecrivain_csv(reponse, delimiter=";")  # user-typed text never becomes a formula
    ecrivain.writerow(
        [
            _("Numéro"),
            _("Titre"),
            _("Créneau"),
            _("Région"),
            _("Programme"),
            _("Porteur"),
            _("Enjeu"),
            _("Exercice"),
            _("État"),
            _("Dans cet état depuis"),
            _("Aide demandée"),
            _("Montant accordé"),
        ]
    )
    for p in filtre_liste(request.user, request.GET).qs.iterator(chunk_size=2000):
        ecrivain.writerow(
            [
                p.numero or "",
                p.titre,
                p.creneau.nom,
                p.creneau.region_porteuse.nom,
                p.programme.sigle,
                p.porteur.nom if p.porteur else "",
                p.get_enjeu_display(),
                libelle(p.exercice) if p.exercice else "",
                p.get_statut_display(),
                timezone.localtime(p.statut_depuis).date().isoformat(),
                p.demande,
                p.montant_accorde,
            ]
        )
    return reponse
