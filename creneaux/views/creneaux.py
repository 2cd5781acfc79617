"""Pages of the créneaux directory, organisations and comités, and the forms that edit them
(each form page validates its form, then hands it to a verb of creneaux.actions)."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from creneaux import actions
from creneaux.filters import CreneauFilter, OrganisationFilter
from creneaux.forms import (
    CollaborationForm,
    ComiteForm,
    CreneauForm,
    DemissionForm,
    EntenteForm,
    EtapeForm,
    FinMandatForm,
    MandatForm,
    NommerCoordinationForm,
    OrganisationForm,
    PartenariatForm,
    ReglementForm,
    TerminerCoordinationForm,
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
    Reglement,
    Reunion,
    actif_q,
)
from creneaux.roles import roles_de
from creneaux.rules import ministere_du_comite
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from noyau.tri import alpha
from noyau.views import RegleRequiseMixin, RegleSansObjetMixin, agir, regle_requise
from regions.models import Region

REUNIONS_AFFICHEES = 20


class AnnuaireView(RegleSansObjetMixin, FilterView):
    regle = "creneaux.annuaire"
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
        return super().get_context_data(**kwargs, **vie_du_creneau(self.object))


class FragmentDeFicheView(RegleRequiseMixin, DetailView):
    """A section of the fiche the page loads (htmx) after itself, so that the fiche runs in a
    fixed, small number of queries: the section alone for htmx, a whole page around it for the
    link that works without JavaScript."""

    regle = "creneaux.voir_fiche"
    context_object_name = "creneau"
    fragment = ""
    titre = ""

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])
        return self.object

    def get_template_names(self):
        return [self.fragment if self.request.headers.get("HX-Request") else "creneaux/fragment.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, fragment=self.fragment, titre_fragment=self.titre)


class FicheComitesView(FragmentDeFicheView):
    fragment = "creneaux/_fiche_comites.html"
    titre = _("Comités et membres")

    def get_queryset(self):
        return Creneau.objects.avec_comites()


class FichePartenairesView(FragmentDeFicheView):
    fragment = "creneaux/_fiche_partenaires.html"
    titre = _("Partenariats et collaborations")

    def get_queryset(self):
        return Creneau.objects.avec_partenaires()

    def get_context_data(self, **kwargs):
        # Each partnership's maturity over time (dated), from its audit trail.
        etapes_maturite(self.object.partenariats.all())
        return super().get_context_data(**kwargs)


class OrganisationsView(RegleSansObjetMixin, FilterView):
    regle = "creneaux.annuaire"
    filterset_class = OrganisationFilter
    template_name = "creneaux/organisations.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            Organisation.objects.select_related("region")
            .annotate(nb_creneaux=Count("creneaux_geres", distinct=True), nb_personnes=Count("personnes", distinct=True))
            .order_by(alpha("nom"))
        )


class OrganisationView(RegleSansObjetMixin, DetailView):
    regle = "creneaux.annuaire"
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
        historique = list(
            Reglement.objects.filter(comite=self.object).select_related("auteur", "decide_par").order_by("-consigne_le", "-pk")
        )
        confirmes = [r for r in historique if r.etat == Reglement.Etat.CONFIRME]
        self.object.reglements_confirmes = confirmes
        ctx["reglement"] = self.object.reglement_en_vigueur()
        ctx["reglements"] = historique
        ctx["proposition"] = next((r for r in historique if r.etat == Reglement.Etat.PROPOSE), None)
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
        objet = agir(self.request, lambda *, par: self.enregistrer(form), form=form, succes=self.success_message)
        if objet is None:
            return self.form_invalid(form)
        self.object = None if objet is True else objet
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
        return actions.modifier_fiche(
            self.objet_regle, par=self.request.user, donnees=form.cleaned_data, version=form.cleaned_data["version_lue"]
        )


class EtapeView(CreneauParSlugMixin, FormView):
    """The Ministère moves the créneau to its next stage (autoriser, reconnaître, fusionner,
    retirer); a merger or a withdrawal asks what becomes of each open project."""

    regle = "creneaux.changer_statut"
    form_class = EtapeForm
    titre = _("Étape du créneau")
    success_message = _("Étape enregistrée.")

    template_name = "creneaux/etape.html"
    apercu = 20  # open projects named on the page when they are settled all at once

    @cached_property
    def dossiers(self):
        return actions.dossiers_ouverts(self.objet_regle)

    @cached_property
    def par_projet(self):
        """One choice per project: asked for by the link, or posted from that page."""
        return "par_projet" in self.request.GET or any(f"choix_{cle}" in self.request.POST for cle, _l in self.dossiers)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(creneau=self.objet_regle, dossiers=self.dossiers, par_projet=self.par_projet)
        kwargs.setdefault("initial", {})["date"] = aujourdhui()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossiers=self.dossiers,
            apercu=self.dossiers[: self.apercu],
            autres=max(len(self.dossiers) - self.apercu, 0),
            par_projet=self.par_projet,
            **kwargs,
        )

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


# --- Coordination (the Ministère's) -------------------------------------------------------------


def _page_coordination(request, creneau, *, nommer=None, terminer=None):
    """The créneau's coordination page: the current and past coordinations with their history
    (who appointed or ended each, when, why), the form to appoint one and the form to end the
    current one."""
    coordinations = list(creneau.coordinations.select_related("personne__organisation", "employeur").order_by("-debut"))
    historique = (
        Coordination.history.filter(creneau_id=creneau.pk)
        .select_related("history_user", "personne")
        .order_by("-history_date", "-history_id")
    )
    en_cours = next((co for co in coordinations if co.fin is None), None)
    nommer = nommer or NommerCoordinationForm(creneau=creneau, initial={"debut": aujourdhui()})
    nommer.helper.form_action = reverse("creneaux:coordination", args=[creneau.slug])
    if en_cours:
        terminer = terminer or TerminerCoordinationForm(initial={"fin": aujourdhui()})
        terminer.helper.form_action = reverse("creneaux:coordination_terminer", args=[en_cours.pk])
    contexte = {
        "creneau": creneau,
        "coordinations": coordinations,
        "historique": historique,
        "en_cours": en_cours,
        "form_nommer": nommer,
        "form_terminer": terminer if en_cours else None,
    }
    return render(request, "creneaux/coordination.html", contexte)


class CoordinationView(RegleRequiseMixin, View):
    """The Ministère (direction régionale of the créneau's region, or central) appoints the
    créneau's coordination here (POST), and ends it (terminer_coordination)."""

    regle = "creneaux.nommer_coordination"

    def get_objet_regle(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        return _page_coordination(request, self.objet_regle)

    def post(self, request, *args, **kwargs):
        creneau = self.objet_regle
        form = NommerCoordinationForm(request.POST, creneau=creneau)
        if form.is_valid():
            d = form.cleaned_data
            try:
                co = actions.nommer_coordination(
                    creneau,
                    par=request.user,
                    personne=d["personne"],
                    employeur=d["employeur"],
                    debut=d["debut"],
                    motif=d["motif"],
                )
            except ActionRefusee as exc:
                exc.vers_formulaire(form)
            else:
                messages.success(request, _("Coordination confiée à %(personne)s.") % {"personne": co.personne})
                return HttpResponseRedirect(reverse("creneaux:coordination", args=[creneau.slug]))
        return _page_coordination(request, creneau, nommer=form)


def _coordination(request, pk):
    coordination = get_object_or_404(Coordination.objects.select_related("creneau__region_porteuse", "personne"), pk=pk)
    request.coordination = coordination
    return coordination.creneau


@require_POST
@regle_requise("creneaux.nommer_coordination", objet=_coordination)
def terminer_coordination(request, pk):
    """The Ministère ends the créneau's current coordination, with a motif."""
    coordination, creneau = request.coordination, request.objet_regle
    form = TerminerCoordinationForm(request.POST)
    if form.is_valid():
        try:
            actions.terminer_coordination(
                coordination, par=request.user, fin=form.cleaned_data["fin"], motif=form.cleaned_data["motif"]
            )
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
        else:
            messages.success(request, _("La coordination de %(personne)s est terminée.") % {"personne": coordination.personne})
            return HttpResponseRedirect(reverse("creneaux:coordination", args=[creneau.slug]))
    return _page_coordination(request, creneau, terminer=form)


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
    accepte = request.POST.get("reponse") == "accepter"
    agir(request, actions.repondre_collaboration, demande, accepte=accepte, succes=_("Réponse enregistrée."))
    return HttpResponseRedirect(demande.creneau.get_absolute_url())


class ComiteAjouterView(CreneauParSlugMixin, CreateView):
    """A comité de travail by the créneau's editors; a comité that decides (de créneau, exécutif,
    interrégional) by the Ministère only (creneaux.creer_comite)."""

    form_class = ComiteForm
    titre = _("Nouveau comité")
    success_message = _("Comité créé.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Comite(creneau=self.objet_regle, type=Comite.Type.TRAVAIL)
        kwargs["decideur_permis"] = verifier(
            "creneaux.creer_comite", self.request.user, Comite(creneau=self.objet_regle, type=Comite.Type.CRENEAU)
        ).ok
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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["decideur_permis"] = verifier("creneaux.creer_comite", self.request.user, self.objet_regle).ok
        return kwargs

    def enregistrer(self, form):
        return actions.enregistrer_comite(form.instance, par=self.request.user, version=form.cleaned_data.get("version_lue"))


class ReglementView(EditionMixin, FormView):
    """The comité's règlement: the Ministère sets a new version (in force for the séances convened
    from now on); the coordination or the comité's bureau proposes one, for the Ministère to confirm."""

    regle = "creneaux.changer_reglement"
    form_class = ReglementForm

    def get_objet_regle(self):
        return get_object_or_404(Comite.objects.select_related("creneau__region_porteuse", "region"), pk=self.kwargs["pk"])

    @cached_property
    def fixe(self):
        return verifier("creneaux.modifier_reglement", self.request.user, self.objet_regle).ok

    @property
    def titre(self):
        return _("Modifier le règlement") if self.fixe else _("Proposer une modification du règlement")

    @property
    def success_message(self):
        if self.fixe:
            return _("Règlement modifié : il s'applique aux séances convoquées à partir de maintenant.")
        return _("Modification du règlement proposée : elle prendra effet une fois confirmée par la direction régionale.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        comite = self.objet_regle
        courant = comite.reglement_en_vigueur()
        kwargs["initial"] = {champ: getattr(courant, champ) for champ in actions.CHAMPS_REGLEMENT}
        kwargs["comite"] = comite
        return kwargs

    def enregistrer(self, form):
        d = form.cleaned_data
        verbe = actions.modifier_reglement if self.fixe else actions.proposer_reglement
        regles = {champ: d[champ] for champ in actions.CHAMPS_REGLEMENT if champ in d}
        verbe(self.objet_regle, par=self.request.user, motif=d["motif"], version=d["version_lue"], **regles)
        return self.objet_regle

    def get_success_url(self):
        return self.objet_regle.get_absolute_url() + "#reglement"


def _reglement_propose(request, pk):
    return get_object_or_404(Reglement.objects.select_related("comite__creneau__region_porteuse", "comite__region"), pk=pk)


@require_POST
@regle_requise("creneaux.confirmer_reglement", objet=_reglement_propose)
def confirmer_reglement(request, pk):
    """The direction régionale confirms (or, with a motif, refuses) a proposed règlement."""
    reglement = request.objet_regle
    try:
        if request.POST.get("decision") == "refuser":
            actions.refuser_reglement(reglement, par=request.user, motif=request.POST.get("motif", ""))
            messages.success(request, _("Règlement proposé refusé."))
        else:
            actions.confirmer_reglement(reglement, par=request.user, motif=request.POST.get("motif", ""))
            messages.success(request, _("Règlement confirmé : il s'applique aux séances convoquées à partir de maintenant."))
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reglement.comite.get_absolute_url() + "#reglement")


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


class MandatMixin(EditionMixin):
    """A page acting on one mandate (the rule is asked about the mandate)."""

    def get_objet_regle(self):
        self.object = get_object_or_404(
            Mandat.objects.select_related("comite__creneau__region_porteuse", "comite__region", "personne"),
            pk=self.kwargs["pk"],
        )
        return self.object

    def get_object(self, queryset=None):
        return self.object

    def get_retour(self):
        return self.object.comite.get_absolute_url()


class MandatTerminerView(MandatMixin, FormView):
    """The Ministère ends a mandate (today or later; never reopening nor extending one)."""

    form_class = FinMandatForm
    regle = "creneaux.terminer_mandat"
    success_message = _("Mandat terminé.")

    @cached_property
    def titre(self):
        return _("Terminer le mandat de %(personne)s") % {"personne": self.object.personne}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.object.version
        kwargs["initial"] = {"fin": self.object.fin or aujourdhui()}
        return kwargs

    def enregistrer(self, form):
        d = form.cleaned_data
        return actions.terminer_mandat(
            self.object, par=self.request.user, fin=d["fin"], motif=d.get("motif", ""), version=d["version_lue"]
        )


class DemissionView(MandatMixin, FormView):
    """The person resigns from their mandate, from their own account."""

    form_class = DemissionForm
    regle = "creneaux.demissionner"
    success_message = _("Votre démission est enregistrée : votre mandat prend fin aujourd'hui.")

    @cached_property
    def titre(self):
        return _("Démissionner du %(comite)s") % {"comite": self.object.comite.nom}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version"] = self.object.version
        return kwargs

    def enregistrer(self, form):
        d = form.cleaned_data
        return actions.demissionner(self.object, par=self.request.user, motif=d.get("motif", ""), version=d["version_lue"])


def _mandat_a_confirmer(request, pk):
    return get_object_or_404(Mandat.objects.select_related("comite__creneau", "comite__region", "personne"), pk=pk)


@require_POST
@regle_requise("creneaux.confirmer_mandat", objet=_mandat_a_confirmer)
def confirmer_mandat(request, pk):
    """The direction régionale confirms a proposed mandate (from « À traiter » or the comité's page)."""
    mandat = request.objet_regle
    agir(request, actions.confirmer_mandat, mandat, succes=_("Mandat de %(personne)s confirmé.") % {"personne": mandat.personne})
    return HttpResponseRedirect(mandat.comite.get_absolute_url())


@require_POST
@regle_requise("creneaux.confirmer_mandat", objet=_mandat_a_confirmer)
def refuser_mandat(request, pk):
    """The direction régionale declines a proposed mandate, with a motif."""
    mandat = request.objet_regle
    succes = _("Mandat proposé pour %(personne)s refusé.") % {"personne": mandat.personne}
    agir(request, actions.refuser_mandat, mandat, motif=request.POST.get("motif", ""), succes=succes)
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

    def form_valid(self, form):
        reponse = super().form_valid(form)
        if reponse.status_code == 302 and self.object.demandes.filter(statut="en_attente", objet="retrait").exists():
            messages.info(
                self.request,
                _("Un créneau qui prend part à la collaboration n'en sort qu'avec l'accord de sa coordination : "
                  "le retrait lui est demandé."),
            )  # fmt: skip
        return reponse


@require_POST
@regle_requise(
    "creneaux.modifier",
    objet=lambda request, slug, pk: get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=slug),
)
def quitter_collaboration(request, slug, pk):
    """The créneau leaves a collaboration by itself (recorded: who, when)."""
    creneau = request.objet_regle
    collaboration = get_object_or_404(Collaboration, pk=pk, creneaux=creneau)
    try:
        actions.quitter_collaboration(collaboration, par=request.user, creneau=creneau)
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le créneau ne prend plus part à « %(titre)s ».") % {"titre": collaboration.titre})
    return HttpResponseRedirect(creneau.get_absolute_url())


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
