"""Pages of a créneau's stratégie et plan d'action. Each form page validates its form and hands it
to a verb of plans.actions; a refusal is shown next to the field at fault."""

from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView

from creneaux.models import Creneau
from noyau.views import RegleRequiseMixin, agir
from plans import actions
from plans.forms import ActionForm, AxeForm, ObjectifForm, PlanForm
from plans.models import PARENT, PlanAction, plan_de


class CreneauMixin(RegleRequiseMixin):
    @cached_property
    def creneau(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])

    def get_objet_regle(self):
        return self.creneau


class PlansCreneauView(CreneauMixin, TemplateView):
    """The créneau's stratégies et plans d'action, the current one first."""

    regle = "plans.voir"
    template_name = "plans/creneau.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(creneau=self.creneau, plans=self.creneau.plans.select_related("adopte_par"), **kwargs)


class PlanDetailView(RegleRequiseMixin, DetailView):
    regle = "plans.voir"
    queryset = PlanAction.objects.pour_detail()
    template_name = "plans/detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        if not hasattr(self, "_plan"):
            self._plan = super().get_object(queryset)
        return self._plan


class VerbeFormView(RegleRequiseMixin, FormView):
    """A form page: the valid form goes to `agir(form)` (a verb), which returns what to show next."""

    template_name = "plans/formulaire.html"
    titre = ""
    succes = ""

    def agir(self, form):
        raise NotImplementedError

    def retour(self):
        """Where « Annuler » leads: the page of what is edited (the plan of an axe, objectif or action)."""
        objet = self.objet_regle
        while not hasattr(objet, "get_absolute_url"):
            objet = getattr(objet, "plan", None) or getattr(objet, "axe", None) or objet.objectif
        return objet.get_absolute_url()

    def form_valid(self, form):
        objet = agir(self.request, lambda *, par: self.agir(form), form=form, succes=self.succes)
        if not objet:
            return self.form_invalid(form)
        return redirect(objet)


class PlanCreerView(CreneauMixin, VerbeFormView):
    regle = "plans.modifier"
    form_class = PlanForm
    titre = gettext_lazy("Nouvelle stratégie et plan d'action")
    succes = gettext_lazy("Plan d'action créé : ajoutez ses axes, objectifs et actions.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PlanAction(creneau=self.creneau)}

    def agir(self, form):
        return actions.creer_plan(self.creneau, par=self.request.user, donnees=form.cleaned_data)


class PlanMixin:
    def get_objet_regle(self):
        return get_object_or_404(PlanAction.objects.select_related("creneau"), pk=self.kwargs["pk"])


class PlanModifierView(PlanMixin, VerbeFormView):
    regle = "plans.modifier"
    form_class = PlanForm
    titre = gettext_lazy("Modifier la stratégie")
    succes = gettext_lazy("Stratégie enregistrée.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.objet_regle}

    def agir(self, form):
        return actions.modifier_plan(
            self.objet_regle, par=self.request.user, donnees=form.cleaned_data, version=form.cleaned_data["version_lue"]
        )


class ElementMixin:
    """Axes, objectifs and actions are edited from their plan's page, by the coordination."""

    regle = "plans.modifier"
    model = None
    titre = ""

    def get_objet_regle(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])


class ElementCreerView(ElementMixin, VerbeFormView):
    """Add an element to its parent (`model` is the parent's: plan, axe or objectif)."""

    form_class = None
    succes = gettext_lazy("Élément ajouté.")

    def get_form_kwargs(self):
        parent = self.objet_regle
        modele = self.form_class._meta.model
        element = modele(**{PARENT[modele]: parent})
        suivant = (modele.objects.filter(**{PARENT[modele]: parent}).aggregate(m=Max("numero"))["m"] or 0) + 1
        return {**super().get_form_kwargs(), "instance": element, "initial": {"numero": suivant}}

    def agir(self, form):
        element = actions.ajouter_element(self.objet_regle, par=self.request.user, donnees=form.cleaned_data)
        return plan_de(element)


class ElementModifierView(ElementMixin, VerbeFormView):
    form_class = None
    succes = gettext_lazy("Élément enregistré.")

    def get_form_kwargs(self):
        # The form carries its plan's version: any change of the plan meanwhile makes it stale.
        return {**super().get_form_kwargs(), "instance": self.objet_regle, "version": plan_de(self.objet_regle).version}

    def agir(self, form):
        element = actions.modifier_element(
            self.objet_regle, par=self.request.user, donnees=form.cleaned_data, version=form.cleaned_data["version_lue"]
        )
        return plan_de(element)


class ElementSupprimerView(ElementMixin, RegleRequiseMixin, TemplateView):
    """GET asks for confirmation; POST deletes the element and what it contains."""

    template_name = "plans/supprimer.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.objet_regle, plan=plan_de(self.objet_regle), **kwargs)

    def post(self, request, pk):
        plan = agir(request, actions.supprimer_element, self.objet_regle, succes=_("Élément supprimé."))
        return redirect(plan or plan_de(self.objet_regle))


def vues_element(form_class, titre):
    """Add, edit and delete views of the element edited by `form_class` (an axe, objectif or action)."""
    model = form_class._meta.model
    parent = model._meta.get_field(PARENT[model]).related_model
    return (
        ElementCreerView.as_view(model=parent, form_class=form_class, titre=titre),
        ElementModifierView.as_view(model=model, form_class=form_class, titre=titre),
        ElementSupprimerView.as_view(model=model, titre=titre),
    )


AXE = vues_element(AxeForm, gettext_lazy("Axe"))
OBJECTIF = vues_element(ObjectifForm, gettext_lazy("Objectif"))
ACTION = vues_element(ActionForm, gettext_lazy("Action"))
