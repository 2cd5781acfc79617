from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bilans import actions
from bilans.filters import NON_COMMENCE, SuiviFilter, exercice_demande
from bilans.forms import (
    AvancementFormSet,
    OuvrirForm,
    ProgrammationFormSet,
    SectionsForm,
    ValeurFormSet,
    ValidationForm,
)
from bilans.models import BilanAnnuel, Programmation, Statut, ValeurIndicateur, echeance
from creneaux.models import Creneau
from noyau.exercices import libelle
from noyau.permissions import verifier
from noyau.tri import alpha
from noyau.vues import RegleRequiseMixin


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

    def enregistrer(self, sauver):
        """Run `sauver()` if the rule still allows it under lock (the bilan may have been submitted
        since the page was read)."""
        with transaction.atomic():
            bilan = BilanAnnuel.objects.select_for_update().select_related("creneau").get(pk=self.bilan.pk)
            v = verifier(self.regle, self.request.user, bilan)
            if not v.ok:
                raise PermissionDenied(v.raison)
            sauver()
            bilan.save(update_fields=["modifie_le"])


class BilansCreneauView(CreneauMixin, TemplateView):
    """A créneau's bilans, exercice by exercice; the coordination opens a new one here."""

    regle = "bilans.voir"
    template_name = "bilans/creneau.html"

    def get_context_data(self, **kwargs):
        bilans = list(self.creneau.bilans.order_by("-exercice"))
        ctx = super().get_context_data(creneau=self.creneau, bilans=bilans, **kwargs)
        if verifier("bilans.ouvrir", self.request.user, self.creneau).ok:
            ctx["form"] = kwargs.get("form") or OuvrirForm(deja_ouverts=[b.exercice for b in bilans])
        return ctx


class OuvrirView(CreneauMixin, View):
    regle = "bilans.ouvrir"

    def post(self, request, slug):
        form = OuvrirForm(request.POST, deja_ouverts=self.creneau.bilans.values_list("exercice", flat=True))
        if not form.is_valid():
            messages.error(request, _("Choisissez un exercice dont le bilan n'est pas encore ouvert."))
            return redirect("bilans:creneau", slug)
        try:
            bilan = actions.ouvrir(request.user, self.creneau, form.cleaned_data["exercice"])
        except actions.ActionRefuseeError as e:
            messages.error(request, str(e))
            return redirect("bilans:creneau", slug)
        messages.success(request, _("Bilan ouvert : les indicateurs connus du portail sont préremplis."))
        return redirect(bilan)


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
        return super().get_context_data(
            sections=b.sections.all(),
            valeurs=b.valeurs.select_related("indicateur"),
            avancements=avancements,
            programmations=b.programmations.filter(retenue=True).select_related("action__objectif__axe"),
            etapes=etapes,
            renvoi=etapes[-1] if b.statut == Statut.A_REVISER else None,
            validation=ValidationForm() if verifier("bilans.valider", self.request.user, b).ok else None,
            **kwargs,
        )


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
            self.enregistrer(lambda: form.enregistrer(set(request.POST)))
            if request.htmx:
                heure = timezone.localtime().strftime("%H:%M:%S")
                return HttpResponse(format_html('<span class="text-success">{} {}</span>', _("Enregistré à"), heure))
            messages.success(request, _("Sections enregistrées."))
            return redirect(self.bilan)
        return self.render_to_response(self.get_context_data(form=form))


class FormsetBilanView(BilanMixin, TemplateView):
    """Edit a set of the bilan's rows; all saved together, or nothing when one field is wrong."""

    regle = "bilans.modifier"
    formset_class = None
    message = ""

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset_class(queryset=self.get_queryset()))
        return super().get_context_data(**kwargs)

    def post(self, request, pk):
        formset = self.formset_class(request.POST, queryset=self.get_queryset())
        if not formset.is_valid():
            messages.error(request, _("Corrigez les champs signalés : rien n'a été enregistré."))
            return self.render_to_response(self.get_context_data(formset=formset), status=200)
        self.enregistrer(formset.save)
        messages.success(request, self.message)
        return redirect(self.bilan)


class IndicateursView(FormsetBilanView):
    template_name = "bilans/indicateurs.html"
    formset_class = ValeurFormSet
    message = _("Indicateurs enregistrés.")

    def get_queryset(self):
        return self.bilan.valeurs.select_related("indicateur")


class AvancementView(FormsetBilanView):
    template_name = "bilans/avancement.html"
    formset_class = AvancementFormSet
    message = _("Avancement des actions enregistré.")

    def get_queryset(self):
        return self.bilan.avancements.select_related("action__objectif__axe")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cibles = cibles_programmees(self.bilan)
        for form in ctx["formset"]:
            form.programmee = cibles.get(form.instance.action_id)
        return ctx


class ProgrammationView(FormsetBilanView):
    template_name = "bilans/programmation.html"
    formset_class = ProgrammationFormSet
    message = _("Programmation de l'exercice suivant enregistrée.")

    def get_queryset(self):
        return self.bilan.programmations.select_related("action__objectif__axe")


class EtapeView(BilanMixin, View):
    """POST-only step of the circuit; a refusal met under lock is shown as a message, never a 500."""

    succes = ""

    def executer(self, request):
        raise NotImplementedError

    def post(self, request, pk):
        try:
            self.executer(request)
        except actions.ActionRefuseeError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, self.succes)
        return redirect(self.bilan)


class RecalculerView(EtapeView):
    regle = "bilans.modifier"
    succes = _("Indicateurs recalculés à partir des données du portail.")

    def executer(self, request):
        actions.recalculer(request.user, self.bilan)


class SoumettreView(EtapeView):
    regle = "bilans.soumettre"
    succes = _("Bilan soumis à la direction régionale.")

    def executer(self, request):
        actions.soumettre(request.user, self.bilan)


class ValiderView(BilanMixin, View):
    regle = "bilans.valider"

    def post(self, request, pk):
        form = ValidationForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["commentaire"][0])
            return redirect(self.bilan)
        commentaire = form.cleaned_data["commentaire"]
        try:
            if "renvoyer" in request.POST:
                actions.renvoyer(request.user, self.bilan, commentaire)
                messages.success(request, _("Bilan renvoyé à la coordination pour révision."))
            else:
                actions.accepter(request.user, self.bilan, commentaire)
                messages.success(request, _("Bilan accepté : il est désormais figé."))
        except actions.ActionRefuseeError as e:
            messages.error(request, str(e))
        return redirect(self.bilan)


class MesBilansView(RegleRequiseMixin, TemplateView):
    """The bilans of the créneaux the user coordinates or sits on (the Ministère has the follow-up)."""

    regle = "bilans.mes_bilans"
    template_name = "bilans/mes_bilans.html"

    def get_context_data(self, **kwargs):
        from creneaux.roles import roles_de

        roles = roles_de(self.request.user)
        creneaux = (
            Creneau.objects.filter(pk__in=roles.coordination | roles.creneaux_membre)
            .select_related("region_porteuse")
            .prefetch_related(Prefetch("bilans", queryset=BilanAnnuel.objects.order_by("-exercice")))
            .order_by(alpha("nom"))
        )
        return super().get_context_data(creneaux=creneaux, roles=roles, **kwargs)


class SuiviView(RegleRequiseMixin, TemplateView):
    """Every créneau's bilan of an exercice, by region, with lateness after the due date."""

    regle = "bilans.suivi"
    template_name = "bilans/suivi.html"

    def get_context_data(self, **kwargs):
        from creneaux.roles import roles_de

        exercice, choix = exercice_demande(self.request.GET)
        filtre = SuiviFilter(self.request.GET, exercice=exercice, roles=roles_de(self.request.user))
        du = echeance(exercice)
        aujourdhui = timezone.localdate()
        creneaux = list(filtre.qs)
        etats = dict([(NON_COMMENCE, _("Non commencé")), *Statut.choices])
        comptes = defaultdict(int)
        par_region = defaultdict(list)
        for c in creneaux:
            # Days past the due date: until it was first submitted, or until today if it never was.
            c.depose = c.premiere_soumission and timezone.localdate(c.premiere_soumission)
            fin = c.depose or aujourdhui
            c.retard = (fin - du).days if fin > du else 0
            c.etat_libelle = etats[c.etat_bilan]
            comptes[c.etat_bilan] += 1
            par_region[c.region_porteuse].append(c)
        return super().get_context_data(
            filtre=filtre,
            exercice=exercice,
            libelle_exercice=libelle(exercice),
            exercices=choix,
            echeance=du,
            par_region=dict(par_region),
            comptes=[(cle, nom, comptes[cle]) for cle, nom in etats.items()],
            en_retard=sum(1 for c in creneaux if c.retard and not c.depose),
            **kwargs,
        )


class ComparaisonView(CreneauMixin, TemplateView):
    """A créneau's indicators, exercices side by side."""

    regle = "bilans.voir"
    template_name = "bilans/comparaison.html"

    def get_context_data(self, **kwargs):
        disponibles = list(self.creneau.bilans.order_by("-exercice").values_list("exercice", flat=True))
        demandes = [int(e) for e in self.request.GET.getlist("exercices") if e.isdigit() and int(e) in disponibles]
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
