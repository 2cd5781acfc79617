"""Pages of the créneaux directory, organisations and comités, and the forms that edit them
(each form page validates its form, then hands it to a verb of creneaux.actions)."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from creneaux import actions
from creneaux.filters import CreneauFilter, OrganisationFilter
from creneaux.forms import (
    CollaborationForm,
    ComiteForm,
    CreneauForm,
    EntenteForm,
    EtapeForm,
    FinMandatForm,
    MandatForm,
    OrganisationForm,
    PartenariatForm,
)
from creneaux.historiques import etapes_maturite, vie_du_creneau
from creneaux.models import (
    Collaboration,
    Comite,
    Coordination,
    Creneau,
    DemandeCollaboration,
    Entente,
    Mandat,
    Organisation,
    PartenariatInternational,
    Personne,
    Reunion,
    actif_q,
)
from creneaux.roles import roles_de
from creneaux.rules import ministere_du_comite
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from noyau.tri import alpha
from noyau.vues import RegleRequiseMixin, regle_requise
from regions.models import Region

REUNIONS_AFFICHEES = 20


class AnnuaireView(FilterView):
    filterset_class = CreneauFilter
    template_name = "creneaux/annuaire.html"
    paginate_by = 20

    def get_queryset(self):
        return Creneau.objects.publics().pour_annuaire().order_by(alpha("nom"), "region_porteuse__code")


class FicheView(RegleRequiseMixin, DetailView):
    regle = "creneaux.voir_fiche"
    template_name = "creneaux/fiche.html"
    context_object_name = "creneau"

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(
                Creneau.objects.pour_fiche().select_related("dossier_excellence"), slug=self.kwargs["slug"]
            )
        return self.object

    def get_context_data(self, **kwargs):
        c = self.object
        # Each partnership's maturity over time (dated), from its audit trail.
        etapes_maturite(c.partenariats.all())
        return super().get_context_data(**kwargs, **vie_du_creneau(c))


class OrganisationsView(FilterView):
    filterset_class = OrganisationFilter
    template_name = "creneaux/organisations.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            Organisation.objects.select_related("region")
            .annotate(nb_creneaux=Count("creneaux_geres", distinct=True), nb_personnes=Count("personnes", distinct=True))
            .order_by(alpha("nom"))
        )


class OrganisationView(DetailView):
    template_name = "creneaux/organisation.html"
    context_object_name = "organisation"
    queryset = Organisation.objects.select_related("region").prefetch_related(
        Prefetch("creneaux_geres", queryset=Creneau.objects.publics().select_related("region_porteuse")),
        Prefetch("personnes", queryset=Personne.objects.order_by("nom", "prenom")),
        Prefetch("coordinations", queryset=Coordination.objects.filter(actif_q()).select_related("creneau", "personne")),
    )


class ComiteView(RegleRequiseMixin, DetailView):
    template_name = "creneaux/comite.html"
    context_object_name = "comite"
    regle = "creneaux.voir_comite"

    def get_objet_regle(self):
        self.object = get_object_or_404(
            Comite.objects.select_related("creneau__region_porteuse", "region", "parent")
            .prefetch_related(Prefetch("sous_comites", queryset=Comite.objects.order_by("type", "nom")))
            .avec_membres_actifs(),
            pk=self.kwargs["pk"],
        )
        return self.object

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if verifier("seances.voir", self.request.user, self.object).ok:
            ctx["reunions"] = self.object.reunions.all()[:REUNIONS_AFFICHEES]
        return ctx


# --- Edition -------------------------------------------------------------------------------------


class EditionMixin(RegleRequiseMixin):
    """A rule-checked form page: a valid form goes to the verb of `enregistrer(form)`, whose
    refusal is shown on the form. `objet_regle` is the object the rule is asked about."""

    template_name = "creneaux/formulaire.html"
    success_message = _("Modifications enregistrées.")
    titre = ""

    def enregistrer(self, form):
        """Call the verb that saves the valid `form`; return the object saved."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.enregistrer(form)
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(titre=self.titre, objet_regle=self.objet_regle, retour=self.get_retour())
        return ctx

    def get_retour(self):
        return self.objet_regle.get_absolute_url()

    def get_success_url(self):
        return self.get_retour()


class CreneauParSlugMixin(EditionMixin):
    regle = "creneaux.modifier"

    def get_objet_regle(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])


class ComiteParPkMixin(EditionMixin):
    regle = "creneaux.modifier_comite"

    def get_objet_regle(self):
        return get_object_or_404(Comite.objects.select_related("creneau", "region"), pk=self.kwargs["pk"])


class CreneauModifierView(CreneauParSlugMixin, UpdateView):
    form_class = CreneauForm
    titre = _("Modifier la fiche du créneau")

    def get_object(self, queryset=None):
        return self.objet_regle

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["statut_modifiable"] = verifier("creneaux.changer_statut", self.request.user, self.objet_regle).ok
        return kwargs

    def enregistrer(self, form):
        """The file (the stages are EtapeView's)."""
        return actions.modifier_fiche(self.objet_regle, par=self.request.user, donnees=form.cleaned_data)


class EtapeView(CreneauParSlugMixin, FormView):
    """The Ministère moves the créneau to its next stage (autoriser, reconnaître, fusionner,
    retirer); a merger or a withdrawal asks what becomes of each open project."""

    regle = "creneaux.changer_statut"
    form_class = EtapeForm
    titre = _("Étape du créneau")
    success_message = _("Étape enregistrée.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(creneau=self.objet_regle, dossiers=actions.dossiers_ouverts(self.objet_regle))
        kwargs.setdefault("initial", {})["date"] = aujourdhui()
        return kwargs

    def enregistrer(self, form):
        d = form.cleaned_data
        return actions.changer_statut(
            self.objet_regle,
            par=self.request.user,
            statut=d["statut"],
            date=d["date"],
            motif=d["motif"],
            dans=d.get("fusionne_dans"),
            choix=form.choix(),
        )


# --- Ententes (the Ministère's) -------------------------------------------------------------------


class EntentesView(RegleRequiseMixin, TemplateView):
    regle = "creneaux.lister_ententes"
    template_name = "creneaux/ententes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["principes"] = (
            Entente.objects.filter(type=Entente.Type.PRINCIPE)
            .select_related("region")
            .prefetch_related(Prefetch("creneaux_nommes", queryset=Creneau.objects.order_by("nom")))
            .order_by("region__code")
        )
        ctx["ententes"] = (
            Entente.objects.exclude(type=Entente.Type.PRINCIPE)
            .select_related("creneau__region_porteuse")
            .order_by(alpha("creneau__nom"), "date_signature")
        )
        ctx["regions"] = Region.objects.order_by("code")
        return ctx


class EntenteMixin(EditionMixin):
    form_class = EntenteForm
    regle = "creneaux.gerer_ententes"
    success_message = _("Entente enregistrée.")

    def enregistrer(self, form):
        return actions.enregistrer_entente(
            form.instance, par=self.request.user, creneaux_nommes=form.cleaned_data.get("creneaux_nommes")
        )

    def get_retour(self):
        e = self.objet_regle
        return e.creneau.get_absolute_url() if e.creneau_id else reverse("creneaux:ententes")


class EntenteAjouterView(EntenteMixin, CreateView):
    titre = _("Nouvelle entente")

    def get_objet_regle(self):
        if "slug" in self.kwargs:
            creneau = get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])
            return Entente(creneau=creneau, type=Entente.Type.MISE_EN_OEUVRE)
        region = get_object_or_404(Region, code=self.kwargs["code"])
        return Entente(region=region, type=Entente.Type.PRINCIPE)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.objet_regle
        return kwargs


class EntenteModifierView(EntenteMixin, UpdateView):
    titre = _("Modifier l'entente")

    def get_objet_regle(self):
        return get_object_or_404(Entente.objects.select_related("creneau__region_porteuse", "region"), pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        return self.objet_regle


@require_POST
@regle_requise(
    "creneaux.repondre_collaboration",
    objet=lambda request, pk: get_object_or_404(DemandeCollaboration.objects.select_related("creneau"), pk=pk),
)
def repondre_collaboration(request, pk):
    """The invited créneau's coordination accepts or declines (from « À traiter » or its fiche)."""
    demande = request.objet_regle
    try:
        actions.repondre_collaboration(demande, par=request.user, accepte=request.POST.get("reponse") == "accepter")
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Réponse enregistrée."))
    return HttpResponseRedirect(demande.creneau.get_absolute_url())


class ComiteAjouterView(CreneauParSlugMixin, CreateView):
    form_class = ComiteForm
    titre = _("Nouveau comité")
    success_message = _("Comité créé.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Comite(creneau=self.objet_regle, type=Comite.Type.EXECUTIF)
        return kwargs

    def enregistrer(self, form):
        return actions.enregistrer_comite(form.instance, par=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class ComiteModifierView(ComiteParPkMixin, UpdateView):
    form_class = ComiteForm
    titre = _("Modifier le comité")

    def get_object(self, queryset=None):
        return self.objet_regle

    def enregistrer(self, form):
        return actions.enregistrer_comite(form.instance, par=self.request.user)


class MandatAjouterView(ComiteParPkMixin, CreateView):
    form_class = MandatForm
    titre = _("Ajouter un membre")
    success_message = _("Mandat ajouté.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Mandat(comite=self.objet_regle, debut=aujourdhui())
        # The Ministère's own mandates are confirmed at once, and may start earlier with a motif.
        kwargs["ministere"] = ministere_du_comite(roles_de(self.request.user), self.objet_regle)
        return kwargs

    def enregistrer(self, form):
        d = form.cleaned_data
        return actions.nommer_membre(
            self.objet_regle,
            par=self.request.user,
            personne=form.personne_choisie(),
            role=d["role"],
            college=d["college"],
            debut=d["debut"],
            fin=d["fin"],
            motif=d.get("motif", ""),
        )

    def form_valid(self, form):
        reponse = super().form_valid(form)
        if getattr(self.object, "pk", None) and not self.object.confirme:
            messages.info(
                self.request, _("Ce mandat est proposé : il prendra effet une fois confirmé par la direction régionale.")
            )
        return reponse


class MandatTerminerView(EditionMixin, UpdateView):
    form_class = FinMandatForm
    regle = "creneaux.modifier_comite"
    success_message = _("Mandat terminé.")

    @cached_property
    def titre(self):
        return _("Terminer le mandat de %(personne)s") % {"personne": self.object.personne}

    def get_objet_regle(self):
        self.object = get_object_or_404(Mandat.objects.select_related("comite__creneau", "personne"), pk=self.kwargs["pk"])
        return self.object.comite

    def get_object(self, queryset=None):
        return self.object

    def enregistrer(self, form):
        return actions.terminer_mandat(self.object, par=self.request.user, fin=form.cleaned_data["fin"])


def _mandat_a_confirmer(request, pk):
    return get_object_or_404(Mandat.objects.select_related("comite__creneau", "comite__region", "personne"), pk=pk)


@require_POST
@regle_requise("creneaux.confirmer_mandat", objet=_mandat_a_confirmer)
def confirmer_mandat(request, pk):
    """The direction régionale confirms a proposed mandate (from « À traiter » or the comité's page)."""
    mandat = request.objet_regle
    try:
        actions.confirmer_mandat(mandat, par=request.user)
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Mandat de %(personne)s confirmé.") % {"personne": mandat.personne})
    return HttpResponseRedirect(mandat.comite.get_absolute_url())


@require_POST
@regle_requise("creneaux.confirmer_mandat", objet=_mandat_a_confirmer)
def refuser_mandat(request, pk):
    """The direction régionale declines a proposed mandate, with a motif."""
    mandat = request.objet_regle
    try:
        actions.refuser_mandat(mandat, par=request.user, motif=request.POST.get("motif", ""))
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Mandat proposé pour %(personne)s refusé.") % {"personne": mandat.personne})
    return HttpResponseRedirect(mandat.comite.get_absolute_url())


class ProcesVerbalView(RegleRequiseMixin, DetailView):
    """The signed scan of a séance's minutes, served only to those who may see the comité's séances."""

    regle = "seances.voir"

    def get_objet_regle(self):
        self.object = get_object_or_404(Reunion.objects.select_related("comite"), pk=self.kwargs["pk"])
        return self.object.comite

    def get(self, request, *args, **kwargs):
        if not self.object.proces_verbal:
            raise Http404
        return FileResponse(self.object.proces_verbal.open("rb"), as_attachment=True)


class PartenariatAjouterView(CreneauParSlugMixin, CreateView):
    form_class = PartenariatForm
    titre = _("Nouveau partenariat international")
    success_message = _("Partenariat ajouté.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = PartenariatInternational(creneau=self.objet_regle)
        return kwargs

    def enregistrer(self, form):
        return actions.enregistrer_partenariat(form.instance, par=self.request.user)


class PartenariatModifierView(CreneauParSlugMixin, UpdateView):
    form_class = PartenariatForm
    titre = _("Modifier le partenariat international")

    def get_object(self, queryset=None):
        return get_object_or_404(PartenariatInternational, pk=self.kwargs["pk"], creneau=self.objet_regle)

    def enregistrer(self, form):
        return actions.enregistrer_partenariat(form.instance, par=self.request.user)


class CollaborationMixin(CreneauParSlugMixin):
    form_class = CollaborationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["creneau"] = self.objet_regle
        return kwargs

    def enregistrer(self, form):
        return actions.enregistrer_collaboration(
            form.instance, par=self.request.user, creneau=self.objet_regle, autres=form.cleaned_data["creneaux"]
        )


class CollaborationAjouterView(CollaborationMixin, CreateView):
    titre = _("Nouvelle collaboration intercréneaux")
    success_message = _("Collaboration ajoutée.")


class CollaborationModifierView(CollaborationMixin, UpdateView):
    titre = _("Modifier la collaboration intercréneaux")

    def get_object(self, queryset=None):
        return get_object_or_404(Collaboration, pk=self.kwargs["pk"], creneaux=self.objet_regle)


class OrganisationMixin(EditionMixin):
    form_class = OrganisationForm
    regle = "creneaux.gerer_organisations"

    def enregistrer(self, form):
        return actions.enregistrer_organisation(form.instance, par=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class OrganisationAjouterView(OrganisationMixin, CreateView):
    titre = _("Nouvelle organisation")
    success_message = _("Organisation ajoutée.")

    def get_objet_regle(self):
        return None

    def get_retour(self):
        return reverse("creneaux:organisations")


class OrganisationModifierView(OrganisationMixin, UpdateView):
    titre = _("Modifier l'organisation")

    def get_objet_regle(self):
        self.object = get_object_or_404(Organisation, pk=self.kwargs["pk"])
        return self.object

    def get_object(self, queryset=None):
        return self.object
