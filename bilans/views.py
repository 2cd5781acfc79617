"""Pages of the bilans annuels. Each form page validates its form and hands it to a verb of
bilans.actions; a refusal is shown next to the field at fault (or above the table)."""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from bilans import actions
from bilans.filters import NON_COMMENCE, PREMIER_EXERCICE, SuiviFilter
from bilans.forms import (
    AvancementFormSet,
    OuvrirForm,
    ProgrammationFormSet,
    SectionsForm,
    ValeurFormSet,
    ValidationForm,
)
from bilans.models import BilanAnnuel, Programmation, Statut, ValeurIndicateur, echeance
from bilans.rules import regions_comite_regional
from creneaux.models import Creneau
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee
from noyau.exercices import exercice_de, exercice_demande, libelle
from noyau.horloge import aujourdhui, maintenant
from noyau.saisies import entier
from noyau.tri import alpha
from noyau.views import RegleRequiseMixin, agir


class CreneauMixin(RegleRequiseMixin):
    def get_objet_regle(self):
        return self.creneau

    @cached_property
    def creneau(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])


class BilanMixin(RegleRequiseMixin):
    def get_objet_regle(self):
        return self.bilan

    @cached_property
    def bilan(self):
        return get_object_or_404(BilanAnnuel.objects.pour_detail(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(bilan=self.bilan, **kwargs)


class BilansCreneauView(CreneauMixin, TemplateView):
    """A créneau's bilans, exercice by exercice; the coordination opens a new one here."""

    regle = "bilans.voir"
    template_name = "bilans/creneau.html"

    def get_context_data(self, **kwargs):
        bilans = list(self.creneau.bilans.order_by("-exercice"))
        kwargs.setdefault("form", OuvrirForm(deja_ouverts=[b.exercice for b in bilans]))  # shown if bilans.ouvrir allows
        return super().get_context_data(creneau=self.creneau, bilans=bilans, **kwargs)


class OuvrirView(BilansCreneauView):
    regle = "bilans.ouvrir"
    http_method_names = ["post"]

    def post(self, request, slug):
        form = OuvrirForm(request.POST, deja_ouverts=self.creneau.bilans.values_list("exercice", flat=True))
        if form.is_valid():
            succes = _("Bilan ouvert : les indicateurs connus du portail sont préremplis.")
            bilan = agir(request, actions.ouvrir, self.creneau, form=form, exercice=form.cleaned_data["exercice"], succes=succes)
            if bilan:
                return redirect(bilan)
        return self.render_to_response(self.get_context_data(form=form))


def cibles_programmees(bilan):
    """Targets the previous bilan programmed for this exercice, by action id (one query)."""
    return {
        p.action_id: p
        for p in Programmation.objects.filter(bilan__creneau=bilan.creneau_id, bilan__exercice=bilan.exercice - 1, retenue=True)
    }


class BilanDetailView(BilanMixin, TemplateView):
    regle = "bilans.voir"
    template_name = "bilans/detail.html"

    def get_context_data(self, **kwargs):
        b = self.bilan
        cibles = cibles_programmees(b)
        avancements = list(b.avancements.select_related("action__objectif__axe"))
        for a in avancements:
            a.programmee = cibles.get(a.action_id)
        etapes = list(b.etapes.select_related("auteur"))
        kwargs.setdefault("validation", ValidationForm())  # shown if bilans.valider allows
        return super().get_context_data(
            sections=b.sections.all(),
            valeurs=b.valeurs.select_related("indicateur"),
            avancements=avancements,
            programmations=b.programmations.filter(retenue=True).select_related("action__objectif__axe"),
            etapes=etapes,
            renvoi=etapes[-1] if b.statut == Statut.A_REVISER else None,
            **kwargs,
        )


class ValiderView(BilanDetailView):
    """Accept the bilan or return it for revision; a refusal is shown on the bilan's page."""

    regle = "bilans.valider"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ValidationForm(request.POST)
        if form.is_valid():
            if form.renvoi:
                verbe, succes = actions.renvoyer, _("Bilan renvoyé à la coordination pour révision.")
            else:
                verbe, succes = actions.accepter, _("Bilan accepté : il est désormais figé.")
            if agir(request, verbe, self.bilan, form=form, commentaire=form.cleaned_data["commentaire"], succes=succes):
                return redirect(self.bilan)
        return self.render_to_response(self.get_context_data(validation=form))


class SectionsView(BilanMixin, TemplateView):
    """Faits saillants and enjeux; each field is saved as the coordinator types (htmx)."""

    regle = "bilans.modifier"
    template_name = "bilans/sections.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SectionsForm(bilan=self.bilan))
        return super().get_context_data(**kwargs)

    def post(self, request, pk):
        form = SectionsForm(request.POST, bilan=self.bilan)
        if form.is_valid():
            try:
                bilan = actions.enregistrer_sections(
                    self.bilan, par=request.user, version=form.cleaned_data["version_lue"], **form.donnees()
                )
            except ActionRefusee as exc:
                if request.htmx:
                    return HttpResponse(exc.message, status=409)
                exc.vers_formulaire(form)
            else:
                if request.htmx:
                    heure = timezone.localtime(maintenant()).strftime("%H:%M:%S")
                    # The page's form now carries the bilan's new version (out-of-band swap).
                    return HttpResponse(
                        format_html(
                            '<span class="text-success">{} {}</span><input type="hidden" name="{}" value="{}" id="{}" '
                            'data-hx-swap-oob="true">',
                            _("Enregistré à"),
                            heure,
                            form.add_prefix("version_lue"),
                            bilan.version,
                            form["version_lue"].auto_id,
                        )
                    )
                messages.success(request, _("Sections enregistrées."))
                return redirect(self.bilan)
        elif request.htmx:
            return HttpResponse(" ".join(m for ms in form.errors.values() for m in ms), status=400)
        return self.render_to_response(self.get_context_data(form=form))


class LignesBilanView(BilanMixin, TemplateView):
    """Edit a set of the bilan's rows; all saved together by one verb, or nothing when one is wrong."""

    regle = "bilans.modifier"
    formset_class = None
    message = ""

    def get_lignes(self):
        raise NotImplementedError

    def enregistrer(self, donnees):
        """Call the verb with the formset's `donnees` {row pk: values}."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset_class(lignes=self.get_lignes()))
        kwargs.setdefault("version_lue", self.bilan.version)
        return super().get_context_data(**kwargs)

    def version_lue(self):
        """The bilan's version the page was read at; a post without one is as stale as an old one."""
        try:
            return int(self.request.POST.get("version_lue", ""))
        except ValueError:
            return 0

    def post(self, request, pk):
        formset = self.formset_class(request.POST, lignes=self.get_lignes())
        enregistrer = lambda *, par: self.enregistrer(formset.donnees())  # noqa: E731
        if formset.is_valid() and agir(request, enregistrer, form=formset, succes=self.message):
            return redirect(self.bilan)
        messages.error(request, _("Corrigez les champs signalés : rien n'a été enregistré."))
        # The page keeps the version it was read at: a stale one stays stale until reloaded.
        return self.render_to_response(self.get_context_data(formset=formset, version_lue=self.version_lue()))


SOUMISSION = "soumission"


class IndicateursView(LignesBilanView):
    """After a submission refused for empty required indicators (?soumission), each one is flagged
    next to its field and listed, with a link to the field, above the table."""

    template_name = "bilans/indicateurs.html"
    formset_class = ValeurFormSet
    message = gettext_lazy("Indicateurs enregistrés.")

    def get_lignes(self):
        return self.bilan.valeurs.select_related("indicateur")

    def get_context_data(self, **kwargs):
        soumission = SOUMISSION in self.request.GET and "formset" not in kwargs
        ctx = super().get_context_data(**kwargs)
        if soumission and (refus := actions.refus_indicateurs_manquants(self.bilan)):
            refus.vers_formulaire(ctx["formset"])
            ctx["refus_soumission"] = refus.message
        return ctx

    def enregistrer(self, donnees):
        actions.enregistrer_indicateurs(self.bilan, par=self.request.user, valeurs=donnees, version=self.version_lue())


class AvancementView(LignesBilanView):
    template_name = "bilans/avancement.html"
    formset_class = AvancementFormSet
    message = gettext_lazy("Avancement des actions enregistré.")

    def get_lignes(self):
        return self.bilan.avancements.select_related("action__objectif__axe")

    def enregistrer(self, donnees):
        actions.enregistrer_avancement(self.bilan, par=self.request.user, avancements=donnees, version=self.version_lue())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cibles = cibles_programmees(self.bilan)
        for form in ctx["formset"]:
            form.programmee = cibles.get(form.ligne.action_id)
        return ctx


class ProgrammationView(LignesBilanView):
    template_name = "bilans/programmation.html"
    formset_class = ProgrammationFormSet
    message = gettext_lazy("Programmation de l'exercice suivant enregistrée.")

    def get_lignes(self):
        return self.bilan.programmations.select_related("action__objectif__axe")

    def enregistrer(self, donnees):
        actions.enregistrer_programmation(self.bilan, par=self.request.user, programmations=donnees, version=self.version_lue())


class EtapeView(BilanMixin, View):
    """POST-only step of the circuit; a refusal met under lock is shown as a message, never a 500."""

    succes = ""

    def executer(self, request):
        raise NotImplementedError

    def post(self, request, pk):
        agir(request, lambda *, par: self.executer(request), succes=self.succes)
        return redirect(self.bilan)


class RecalculerView(EtapeView):
    regle = "bilans.modifier"
    succes = gettext_lazy("Indicateurs recalculés à partir des données du portail.")

    def executer(self, request):
        actions.recalculer(self.bilan, par=request.user)


class SoumettreView(EtapeView):
    """A submission refused for empty required indicators leads to the indicators page, where each
    one is flagged next to its field."""

    regle = "bilans.soumettre"
    succes = gettext_lazy("Bilan soumis à la direction régionale.")

    def executer(self, request):
        actions.soumettre(self.bilan, par=request.user)

    def post(self, request, pk):
        try:
            self.executer(request)
        except ActionRefusee as exc:
            if exc.erreurs:  # the indicators page says it above the fields at fault
                return redirect(f"{reverse('bilans:indicateurs', args=[self.bilan.pk])}?{SOUMISSION}=1")
            messages.error(request, exc.message)
        else:
            messages.success(request, self.succes)
        return redirect(self.bilan)


class MesBilansView(RegleRequiseMixin, TemplateView):
    """The bilans of the créneaux the user coordinates or sits on, and those of the region(s) of the
    comité régional the user sits on (read only); the Ministère has the follow-up."""

    regle = "bilans.mes_bilans"
    template_name = "bilans/mes_bilans.html"

    def get_context_data(self, **kwargs):
        roles = roles_de(self.request.user)
        creneaux = (
            Creneau.objects.filter(
                Q(pk__in=roles.coordination | roles.creneaux_membre) | Q(region_porteuse__in=regions_comite_regional(roles))
            )
            .select_related("region_porteuse")
            .prefetch_related(Prefetch("bilans", queryset=BilanAnnuel.objects.order_by("-exercice")))
            .order_by(alpha("nom"))
        )
        return super().get_context_data(creneaux=creneaux, **kwargs)


class SuiviView(RegleRequiseMixin, TemplateView):
    """Every créneau's bilan of an exercice, by region, with lateness after the due date; a page
    at a time (the counts by state are the whole selection's)."""

    regle = "bilans.suivi"
    template_name = "bilans/suivi.html"
    par_page = 50

    def get_context_data(self, **kwargs):
        dernier = exercice_de()
        # Default: the last finished exercice (the bilans being filed).
        exercice = exercice_demande(self.request.GET.get("exercice"), defaut=dernier - 1)
        choix = [(e, libelle(e)) for e in sorted({*range(PREMIER_EXERCICE, dernier + 1), exercice}, reverse=True)]
        filtre = SuiviFilter(self.request.GET, exercice=exercice, roles=roles_de(self.request.user))
        du = echeance(exercice)
        jour = aujourdhui()
        etats = dict([(NON_COMMENCE, _("Non commencé")), *Statut.choices])
        # One query counts the selection by state, and those never submitted (late after the due date).
        comptes = {
            r["etat_bilan"]: r
            for r in filtre.qs.order_by()
            .values("etat_bilan")
            .annotate(n=Count("pk"), jamais_soumis=Count("pk", filter=Q(premiere_soumission__isnull=True)))
        }
        paginator = Paginator(filtre.qs, self.par_page)
        paginator.count = sum(r["n"] for r in comptes.values())  # counted above: no second COUNT
        page_obj = paginator.get_page(self.request.GET.get("page"))
        par_region = defaultdict(list)
        for c in page_obj:
            # Days past the due date: until it was first submitted, or until today if it never was.
            c.depose = c.premiere_soumission and timezone.localdate(c.premiere_soumission)
            fin = c.depose or jour
            c.retard = (fin - du).days if fin > du else 0
            c.etat_libelle = etats[c.etat_bilan]
            par_region[c.region_porteuse].append(c)
        return super().get_context_data(
            filtre=filtre,
            exercice=exercice,
            libelle_exercice=libelle(exercice),
            exercices=choix,
            echeance=du,
            par_region=dict(par_region),
            page_obj=page_obj,
            # The rows' links differ only by their key: reversed once per page, not per row.
            lien_bilan=prefixe_url("bilans:detail", 0),
            lien_creneau=prefixe_url("bilans:creneau", "x"),
            comptes=[(cle, nom, comptes.get(cle, {}).get("n", 0)) for cle, nom in etats.items()],
            en_retard=sum(r["jamais_soumis"] for r in comptes.values()) if jour > du else 0,
            **kwargs,
        )


def prefixe_url(nom, cle):
    """The URL `nom` up to its last argument `cle` (a page appends each row's key and « / »)."""
    return reverse(nom, args=[cle]).removesuffix(f"{cle}/")


class ComparaisonView(CreneauMixin, TemplateView):
    """A créneau's indicators, exercices side by side."""

    regle = "bilans.voir"
    template_name = "bilans/comparaison.html"

    def get_context_data(self, **kwargs):
        disponibles = list(self.creneau.bilans.order_by("-exercice").values_list("exercice", flat=True))
        demandes = [n for n in map(entier, self.request.GET.getlist("exercices")) if n in disponibles]
        exercices = sorted(demandes or disponibles[:3])
        valeurs = ValeurIndicateur.objects.filter(bilan__creneau=self.creneau, bilan__exercice__in=exercices).select_related(
            "indicateur", "bilan"
        )
        lignes = {}
        for v in valeurs.order_by("indicateur__ordre", "ordre", "detail"):
            ligne = lignes.setdefault((v.indicateur_id, v.detail), {"indicateur": v.indicateur, "detail": v.detail, "par": {}})
            ligne["par"][v.bilan.exercice] = v
        for ligne in lignes.values():
            ligne["cellules"] = [ligne["par"].get(e) for e in exercices]
        return super().get_context_data(
            creneau=self.creneau,
            disponibles=[(e, libelle(e)) for e in disponibles],
            exercices=exercices,
            colonnes=[libelle(e) for e in exercices],
            lignes=list(lignes.values()),
            **kwargs,
        )
