"""Downloads of the printed documents, and the Ministère's dashboard."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from creneaux.models import Creneau
from portail.exercices import exercice_de, libelle
from portail.mixins import RegleRequiseMixin
from rapports.documents import contexte_provincial, contexte_regional
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
