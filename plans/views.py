from django.contrib import messages
from django.db.models import Max, ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, FormView, TemplateView, UpdateView

from creneaux.models import Creneau
from noyau.vues import RegleRequiseMixin
from plans import actions
from plans.forms import ActionForm, ApprobationForm, AxeForm, ObjectifForm, PlanForm
from plans.models import Action, Axe, Objectif, PlanAction, plan_de


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


class PlanCreerView(CreneauMixin, CreateView):
    regle = "plans.modifier"
    form_class = PlanForm
    template_name = "plans/formulaire.html"
    titre = gettext_lazy("Nouvelle stratégie et plan d'action")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PlanAction(creneau=self.creneau)}

    def form_valid(self, form):
        messages.success(self.request, _("Plan d'action créé : ajoutez ses axes, objectifs et actions."))
        return super().form_valid(form)


class PlanModifierView(RegleRequiseMixin, UpdateView):
    regle = "plans.modifier"
    model = PlanAction
    form_class = PlanForm
    template_name = "plans/formulaire.html"
    titre = gettext_lazy("Modifier la stratégie")


class PlanApprouverView(RegleRequiseMixin, FormView):
    regle = "plans.approuver"
    form_class = ApprobationForm
    template_name = "plans/formulaire.html"
    titre = gettext_lazy("Approbation du plan d'action")

    def get_objet_regle(self):
        return get_object_or_404(PlanAction.objects.select_related("creneau"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.objet_regle}

    def form_valid(self, form):
        try:
            plan = actions.approuver(
                self.request.user, self.objet_regle, form.cleaned_data["comite"], form.cleaned_data["adopte_le"]
            )
        except actions.PlanRefuseError as e:
            form.add_error(None, str(e))
            return self.form_invalid(form)
        messages.success(self.request, _("Approbation du plan enregistrée."))
        return redirect(plan)


class ElementMixin(RegleRequiseMixin):
    """Axes, objectifs and actions are edited from their plan's page, by the coordination."""

    regle = "plans.modifier"
    template_name = "plans/formulaire.html"
    titre = ""

    def get_success_url(self):
        return plan_de(self.object).get_absolute_url()


class ElementCreerView(ElementMixin, CreateView):
    parent_model = None
    parent = ""

    def get_objet_regle(self):
        return get_object_or_404(self.parent_model, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        parent = self.objet_regle
        suivant = (self.model.objects.filter(**{self.parent: parent}).aggregate(m=Max("numero"))["m"] or 0) + 1
        return {**super().get_form_kwargs(), "instance": self.model(**{self.parent: parent}), "initial": {"numero": suivant}}


class ElementModifierView(ElementMixin, UpdateView):
    pass


class ElementSupprimerView(ElementMixin, DeleteView):
    template_name = "plans/supprimer.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=plan_de(self.object), **kwargs)

    def form_valid(self, form):
        url = plan_de(self.object).get_absolute_url()
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, _("Impossible de supprimer : un bilan annuel rend compte de cette action."))
            return redirect(url)
        messages.success(self.request, _("Élément supprimé."))
        return redirect(url)


def vues_element(model, form_class, parent_model, parent, titre):
    attrs = {"model": model, "form_class": form_class, "titre": titre}
    return (
        ElementCreerView.as_view(parent_model=parent_model, parent=parent, **attrs),
        ElementModifierView.as_view(**attrs),
        ElementSupprimerView.as_view(model=model, titre=titre),
    )


AXE = vues_element(Axe, AxeForm, PlanAction, "plan", gettext_lazy("Axe"))
OBJECTIF = vues_element(Objectif, ObjectifForm, Axe, "axe", gettext_lazy("Objectif"))
ACTION = vues_element(Action, ActionForm, Objectif, "objectif", gettext_lazy("Action"))
