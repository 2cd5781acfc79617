"""Downloads of the printed documents, and the Ministère's dashboard."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from creneaux.models import Creneau
from portail.exercices import exercice_de, libelle
from portail.mixins import RegleRequiseMixin
from rapports.documents import contexte_provincial, contexte_regional, graphiques
from rapports.exports import EXPORTS
from rapports.filters import FiltresTableauDeBord
from rapports.indicateurs import calculer
from rapports.pdf import contexte_impression, rendre_pdf, reponse_pdf
from regions.models import Region


class DocumentPdf(RegleRequiseMixin, View):
    """A PDF download guarded by rule `regle` on `get_objet_regle()`."""

    gabarit = None

    def get_contexte(self):
        raise NotImplementedError

    def nom_fichier(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return reponse_pdf(rendre_pdf(self.gabarit, self.get_contexte()), self.nom_fichier())


class FicheCreneauPdf(DocumentPdf):
    regle = "rapports.fiche_creneau"
    gabarit = "rapports/fiche_creneau.html"

    def get_objet_regle(self):
        return get_object_or_404(
            Creneau.objects.select_related("region_porteuse", "organisme_gestionnaire", "fusionne_dans").prefetch_related(
                "autres_regions"
            ),
            slug=self.kwargs["slug"],
        )

    def get_contexte(self):
        c = self.objet_regle
        etapes = [
            (libelle, date)
            for libelle, date in (
                (_("Potentiel"), c.date_potentiel),
                (_("Autorisé"), c.date_autorise),
                (_("Reconnu"), c.date_reconnu),
                (c.get_statut_display(), c.date_fin),
            )
            if date
        ]
        return contexte_impression(
            self.request,
            _("Fiche du créneau"),
            c.region_porteuse.nom,
            creneau=c,
            etapes=etapes,
            ententes=list(c.ententes.all()),
            partenariats=list(c.partenariats.all()),
            collaborations=list(c.collaborations.all()),
        )

    def nom_fichier(self):
        return f"fiche-{self.objet_regle.slug}.pdf"


def exercice_demande(request):
    """The exercice asked for in ?exercice=2026, the current one by default."""
    try:
        return int(request.GET.get("exercice", ""))
    except ValueError:
        return exercice_de()


class RapportProvincialPdf(DocumentPdf):
    regle = "rapports.rapport_provincial"
    gabarit = "rapports/rapport_provincial.html"

    def get_objet_regle(self):
        return None

    def get_contexte(self):
        exercice = exercice_demande(self.request)
        return contexte_impression(
            self.request,
            _("Rapport provincial FSDCE"),
            _("Exercice %(exercice)s") % {"exercice": libelle(exercice)},
            **contexte_provincial(exercice),
        )

    def nom_fichier(self):
        return f"rapport-provincial-{exercice_demande(self.request)}.pdf"


class RapportRegionalPdf(DocumentPdf):
    regle = "rapports.rapport_regional"
    gabarit = "rapports/rapport_regional.html"

    def get_objet_regle(self):
        return get_object_or_404(Region, code=self.kwargs["code"])

    def get_contexte(self):
        exercice = exercice_demande(self.request)
        region = self.objet_regle
        return contexte_impression(
            self.request,
            _("Rapport régional ACCORD"),
            _("%(region)s — exercice %(exercice)s") % {"region": region.nom, "exercice": libelle(exercice)},
            **contexte_regional(region, exercice),
        )

    def nom_fichier(self):
        return f"rapport-regional-{self.objet_regle.code}-{exercice_demande(self.request)}.pdf"


class TableauDeBordMixin(RegleRequiseMixin):
    """The dashboard's figures for the filters in the query string."""

    regle = "rapports.rapport_provincial"

    def get_objet_regle(self):
        return None

    def indicateurs(self):
        self.filtre = FiltresTableauDeBord(self.request.GET)
        region, programme = self.filtre.valeur("region"), self.filtre.valeur("programme")
        return calculer(
            self.filtre.qs,
            regions=[region] if region else None,
            programmes=[programme] if programme else None,
        )


class TableauDeBord(TableauDeBordMixin, TemplateView):
    template_name = "rapports/tableau_de_bord.html"
    par_page = 50

    def get_context_data(self, **kwargs):
        ind = self.indicateurs()
        page_obj = Paginator(ind.projets, self.par_page).get_page(self.request.GET.get("page"))
        projets = ind.liste_projets()
        projets.lignes = page_obj.object_list
        return super().get_context_data(
            filtre=self.filtre,
            ind=ind,
            tableaux=[ind.regions, ind.enjeux, ind.programmes, ind.statuts, ind.creneaux],
            projets=projets,
            page_obj=page_obj,
            graphiques=graphiques(ind),
            exercice=self.filtre.valeur("exercice"),
            **kwargs,
        )


class ExportTableau(TableauDeBordMixin, View):
    def get(self, request, tableau, format):
        tableaux = self.indicateurs().tableaux()
        if tableau not in tableaux or format not in EXPORTS:
            raise Http404
        exercice = self.filtre.valeur("exercice")
        return EXPORTS[format](tableaux[tableau], f"accord-{tableau}-{exercice}")
