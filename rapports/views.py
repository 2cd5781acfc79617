"""Downloads of the printed documents, and the Ministère's dashboard."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from bilans.models import BilanAnnuel
from creneaux.historiques import etapes_maturite, vie_du_creneau
from creneaux.models import Creneau
from creneaux.roles import roles_de
from noyau.exercices import exercice_de, exercice_demande, libelle
from noyau.signature import signer_pdf
from noyau.views import RegleRequiseMixin
from plans.views.strategies import plan_partenaire_complet
from projets.models import Decision, Projet, Statut
from rapports import documents, generation
from rapports.documents import graphiques
from rapports.exports import EXPORTS
from rapports.filters import FiltresTableauDeBord
from rapports.indicateurs import calculer, projets_de_l_exercice
from rapports.models import DocumentGenere
from rapports.pdf import contexte_impression, rendre_pdf, reponse_pdf
from regions.models import Region


class DocumentPdf(RegleRequiseMixin, View):
    """A PDF download guarded by rule `regle` on `get_objet_regle()`; `document()` says what to print."""

    def document(self):
        """(template, context, file name)."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        gabarit, contexte, nom = self.document()
        return reponse_pdf(rendre_pdf(gabarit, contexte), nom)


class FicheCreneauPdf(DocumentPdf):
    regle = "creneaux.voir_fiche"

    def get_objet_regle(self):
        return get_object_or_404(
            Creneau.objects.select_related("region_porteuse", "organisme_gestionnaire", "fusionne_dans").prefetch_related(
                "autres_regions"
            ),
            slug=self.kwargs["slug"],
        )

    def document(self):
        c = self.objet_regle
        etapes = [
            (nom, date)
            for nom, date in (
                (_("Potentiel"), c.date_potentiel),
                (_("Autorisé"), c.date_autorise),
                (_("Reconnu"), c.date_reconnu),
                (c.get_statut_display(), c.date_fin),
            )
            if date
        ]
        contexte = contexte_impression(
            self.request.user,
            _("Fiche du créneau"),
            c.region_porteuse.nom,
            creneau=c,
            etapes=etapes,
            ententes=list(c.ententes.all()),
            partenariats=etapes_maturite(c.partenariats.all()),
            collaborations=list(c.collaborations.all()),
            **vie_du_creneau(c),
        )
        return "rapports/fiche_creneau.html", contexte, f"fiche-{c.slug}.pdf"


class PlanPartenairePdf(DocumentPdf):
    """The table of a partner's action plan (public, like its page)."""

    regle = "plans.voir_plans_partenaires"

    def get_objet_regle(self):
        return get_object_or_404(plan_partenaire_complet(), pk=self.kwargs["pk"])

    def document(self):
        plan = self.objet_regle
        strategies = {p.strategie_id: p.strategie for a in plan.actions.all() for p in a.priorites.all()}
        contexte = contexte_impression(
            self.request.user,
            _("Plan d'action d'un partenaire"),
            plan.organisation.nom,
            plan=plan,
            strategies=sorted(strategies.values(), key=lambda s: (s.region.code, s.debut)),
        )
        return "rapports/plan_partenaire.html", contexte, f"plan-partenaire-{plan.pk}.pdf"


class DocumentProjet(DocumentPdf):
    def get_objet_regle(self):
        projets = Projet.objects.pour_detail().prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("comite", "reunion", "auteur")), "versements"
        )
        return get_object_or_404(projets, pk=self.kwargs["pk"])

    def contexte_projet(self, titre, **contexte):
        projet = self.objet_regle
        # A draft has no number yet: named as everywhere else (Projet.__str__), not an empty slot.
        numero = projet.numero or _("Brouillon")
        return contexte_impression(self.request.user, titre, f"{numero} · {projet.creneau.nom}", projet=projet, **contexte)


class DossierProjetPdf(DocumentProjet):
    regle = "projets.voir"

    def document(self):
        projet = self.objet_regle
        versements = list(projet.versements.all())
        contexte = self.contexte_projet(
            _("Dossier de projet"),
            decisions=list(projet.decisions.all()),
            versements=versements,
            total_verse=sum((v.montant for v in versements), Decimal(0)),
            taux_aide=projet.taux_aide,
            exercice_libelle=libelle(projet.exercice) if projet.exercice else "",
        )
        return "rapports/dossier_projet.html", contexte, f"dossier-{projet.numero or projet.pk}.pdf"


class LettreDecisionPdf(DocumentProjet):
    """The Ministère's decision letter: final once the decision is recorded, signed by the portal."""

    regle = "rapports.lettre_decision"

    def get(self, request, *args, **kwargs):
        gabarit, contexte, nom = self.document()
        return reponse_pdf(signer_pdf(rendre_pdf(gabarit, contexte)), nom)

    def document(self):
        projet = self.objet_regle
        decision = next((d for d in reversed(projet.decisions.all()) if d.etape == Decision.Etape.DECISION_MINISTERE), None)
        if decision is None:
            raise Http404(_("Aucune décision du Ministère n’est enregistrée pour ce projet."))
        contexte = self.contexte_projet(
            _("Lettre de décision"),
            decision=decision,
            accepte=decision.vers_statut == Statut.ACCEPTE,
            montant=decision.montant if decision.montant is not None else projet.montant_accorde,
            # The letter is headed by the office that decided (the bureau central, or a direction régionale).
            bureau_central=roles_de(decision.auteur).central,
        )
        return "rapports/lettre_decision.html", contexte, f"lettre-decision-{projet.numero or projet.pk}.pdf"


class BilanPdf(DocumentPdf):
    regle = "rapports.bilan"

    def get_objet_regle(self):
        return get_object_or_404(BilanAnnuel.objects.pour_detail(), pk=self.kwargs["pk"])

    def document(self):
        b = self.objet_regle
        contexte = contexte_impression(
            self.request.user,
            _("Bilan annuel"),
            f"{b.creneau.nom} · {b.libelle_exercice}",
            bilan=b,
            sections=list(b.sections.all()),
            valeurs=list(b.valeurs.select_related("indicateur")),
            avancements=list(b.avancements.select_related("action__objectif__axe")),
            programmations=list(b.programmations.filter(retenue=True).select_related("action")),
            etapes=list(b.etapes.select_related("auteur")),
        )
        return "rapports/bilan.html", contexte, f"bilan-{b.creneau.slug}-{b.exercice}.pdf"


class RapportProvincial(RegleRequiseMixin):
    regle = "rapports.rapport_provincial"
    sorte = DocumentGenere.Sorte.RAPPORT_PROVINCIAL

    def get_objet_regle(self):
        return None


class RapportRegional(RegleRequiseMixin):
    regle = "rapports.rapport_regional"
    sorte = DocumentGenere.Sorte.RAPPORT_REGIONAL

    def get_objet_regle(self):
        return get_object_or_404(Region, code=self.kwargs["code"])


class RapportPdf(View):
    """A report: built in the request when small, else on the task worker (see rapports.generation)."""

    def get(self, request, *args, **kwargs):
        exercice, region = exercice_demande(request.GET.get("exercice")), self.objet_regle
        if projets_de_l_exercice(exercice, region).count() <= generation.SEUIL_ARRIERE_PLAN:
            gabarit, contexte, nom = generation.construire(self.sorte, request.user, exercice, region)
            pdf = rendre_pdf(gabarit, contexte)
            return reponse_pdf(signer_pdf(pdf) if self.sorte in generation.SIGNES else pdf, nom)
        return redirect(generation.demander(self.sorte, request.user, exercice, region))


class AnnexeRapport(View):
    """A report's annex: the full list of its projects, as XLSX or CSV (linked from the PDF)."""

    def get(self, request, format, **kwargs):
        if format not in EXPORTS:
            raise Http404
        exercice, region = exercice_demande(request.GET.get("exercice")), self.objet_regle
        if projets_de_l_exercice(exercice, region).count() > generation.SEUIL_ANNEXE:
            # A long list is built on the worker, like a long report (rapports.generation).
            return redirect(generation.demander(self.sorte, request.user, exercice, region, format=format))
        ind = calculer(exercice, region)
        return EXPORTS[format](ind.liste_projets(), documents.nom_annexe(exercice, region))


class RapportProvincialPdf(RapportProvincial, RapportPdf):
    pass


class RapportRegionalPdf(RapportRegional, RapportPdf):
    pass


class AnnexeProvinciale(RapportProvincial, AnnexeRapport):
    pass


class AnnexeRegionale(RapportRegional, AnnexeRapport):
    pass


class DocumentGenereMixin(RegleRequiseMixin):
    regle = "rapports.document_genere"

    def get_objet_regle(self):
        return get_object_or_404(DocumentGenere.objects.select_related("region"), pk=self.kwargs["pk"])


class DocumentGenereDetail(DocumentGenereMixin, DetailView):
    """Progress of a report built in the background, then its download link (polled with htmx)."""

    context_object_name = "document"

    def get_object(self, queryset=None):
        return self.objet_regle

    def get_template_names(self):
        return ["rapports/_document_etat.html" if self.request.htmx else "rapports/document.html"]


class DocumentGenereRelancer(DocumentGenereMixin, View):
    """« Relancer » a document that failed or is stuck: a new request, with its own task."""

    def post(self, request, pk):
        document = self.objet_regle
        nouveau = generation.demander(document.sorte, request.user, document.exercice, document.region)
        return redirect(nouveau)


class DocumentGenereFichier(DocumentGenereMixin, View):
    def get(self, request, pk):
        document = self.objet_regle
        if document.statut != DocumentGenere.Statut.PRET:
            raise Http404
        return FileResponse(document.fichier.open("rb"), as_attachment=True, filename=document.fichier.name.rsplit("/", 1)[-1])


class TableauDeBordMixin(RegleRequiseMixin):
    """The dashboard's figures for the filters in the query string."""

    regle = "rapports.rapport_provincial"

    def get_objet_regle(self):
        return None

    def indicateurs(self):
        self.filtre = FiltresTableauDeBord(self.request.GET)
        return calculer(*(self.filtre.valeur(nom) for nom in ("exercice", "region", "programme", "enjeu")))


class TableauDeBord(TableauDeBordMixin, TemplateView):
    template_name = "rapports/tableau_de_bord.html"
    par_page = 50

    def get_context_data(self, **kwargs):
        ind = self.indicateurs()
        pages = Paginator(ind.requete, self.par_page)
        pages.count = ind.totaux["nb"]  # already counted with the totals: no COUNT query of its own
        page_obj = pages.get_page(self.request.GET.get("page"))
        projets = ind.liste_projets(ind.formater(page_obj.object_list))
        return super().get_context_data(
            filtre=self.filtre,
            ind=ind,
            tableaux=[ind.regions, ind.enjeux, ind.programmes, ind.statuts, ind.creneaux],
            projets=projets,
            page_obj=page_obj,
            graphiques=graphiques(ind),
            exercice=self.filtre.valeur("exercice"),
            # The PDF report is one exercice's: the chosen one, else (every year chosen) the current one.
            exercice_rapport=self.filtre.valeur("exercice") or exercice_de(),
            **kwargs,
        )


class ExportTableau(TableauDeBordMixin, View):
    def get(self, request, tableau, format):
        tableaux = self.indicateurs().tableaux()
        if tableau not in tableaux or format not in EXPORTS:
            raise Http404
        exercice = self.filtre.valeur("exercice") or "tous"
        return EXPORTS[format](tableaux[tableau], f"accord-{tableau}-{exercice}")
