"""Pages of the regional strategies (with their numbered priorities) and of the partners' action
plans. Each form page validates its form and hands it to a verb of plans.actions; a refusal is
shown next to the field at fault."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from noyau.views import RegleRequiseMixin
from plans import actions
from plans.forms import ActionPartenaireForm, PlanPartenaireForm, PrioriteForm, StrategieForm
from plans.models import ActionPartenaire, PlanPartenaire
from plans.views.plans import VerbeFormView
from regions.models import PrioriteRegionale, Region, StrategieRegionale

HISTORIQUE_AFFICHE = 30


def _historique(*requetes):
    """The latest history rows of several models, newest first (who, when, why)."""
    lignes = [h for q in requetes for h in q.select_related("history_user").order_by("-history_date")[:HISTORIQUE_AFFICHE]]
    return sorted(lignes, key=lambda h: h.history_date, reverse=True)[:HISTORIQUE_AFFICHE]


# --- Regional strategies ------------------------------------------------------------------------


class StrategiesView(RegleRequiseMixin, TemplateView):
    """Every region's strategies with their number of priorities, and the partners' plans."""

    regle = "plans.voir_strategies"
    template_name = "plans/strategies.html"

    def get_context_data(self, **kwargs):
        strategies = StrategieRegionale.objects.annotate(nb_priorites=Count("priorites"))
        regions = Region.objects.prefetch_related(Prefetch("strategies", queryset=strategies))
        plans = PlanPartenaire.objects.select_related("organisation").annotate(nb_actions=Count("actions"))
        return super().get_context_data(regions=regions, plans_partenaires=plans, **kwargs)


class StrategieView(RegleRequiseMixin, DetailView):
    regle = "plans.voir_strategies"
    template_name = "plans/strategie.html"
    context_object_name = "strategie"

    def get_objet_regle(self):
        self.object = get_object_or_404(
            StrategieRegionale.objects.select_related("region").prefetch_related(
                Prefetch("priorites", queryset=PrioriteRegionale.objects.order_by("territoire", "numero")),
            ),
            pk=self.kwargs["pk"],
        )
        return self.object

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        s = self.object
        historique = _historique(s.history.all(), PrioriteRegionale.history.filter(strategie_id=s.pk))
        actions_partenaires = (
            ActionPartenaire.objects.filter(priorites__strategie=s)
            .select_related("plan__organisation")
            .prefetch_related(Prefetch("priorites", queryset=PrioriteRegionale.objects.filter(strategie=s)))
            .distinct()
        )
        return super().get_context_data(historique=historique, actions_partenaires=actions_partenaires, **kwargs)


class StrategieCreerView(VerbeFormView):
    regle = "plans.gerer_strategie"
    form_class = StrategieForm
    titre = gettext_lazy("Nouvelle stratégie régionale")
    succes = gettext_lazy("Stratégie créée : ajoutez ses priorités.")

    def get_objet_regle(self):
        return get_object_or_404(Region, code=self.kwargs["code"])

    def retour(self):
        return self.objet_regle.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": StrategieRegionale(region=self.objet_regle)}

    def agir(self, form):
        return actions.enregistrer_strategie(form.instance, par=self.request.user, donnees=form.cleaned_data)


class StrategieMixin:
    regle = "plans.gerer_strategie"

    def get_objet_regle(self):
        return get_object_or_404(StrategieRegionale.objects.select_related("region"), pk=self.kwargs["pk"])

    def retour(self):
        return self.objet_regle.get_absolute_url()


class StrategieModifierView(StrategieMixin, VerbeFormView):
    form_class = StrategieForm
    titre = gettext_lazy("Modifier la stratégie régionale")
    succes = gettext_lazy("Stratégie enregistrée.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.objet_regle}

    def agir(self, form):
        return actions.enregistrer_strategie(self.objet_regle, par=self.request.user, donnees=form.cleaned_data)


class PrioriteCreerView(StrategieMixin, VerbeFormView):
    form_class = PrioriteForm
    titre = gettext_lazy("Nouvelle priorité régionale")
    succes = gettext_lazy("Priorité ajoutée.")

    def get_form_kwargs(self):
        s = self.objet_regle
        suivant = (s.priorites.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
        kwargs = super().get_form_kwargs()
        kwargs.setdefault("initial", {})["numero"] = suivant
        return {**kwargs, "instance": PrioriteRegionale(strategie=s, region=s.region)}

    def agir(self, form):
        actions.enregistrer_priorite(form.instance, par=self.request.user, donnees=form.cleaned_data)
        return self.objet_regle


class PrioriteModifierView(VerbeFormView):
    regle = "plans.gerer_strategie"
    form_class = PrioriteForm
    titre = gettext_lazy("Modifier la priorité régionale")
    succes = gettext_lazy("Priorité enregistrée.")

    def get_objet_regle(self):
        return get_object_or_404(PrioriteRegionale.objects.select_related("region", "strategie__region"), pk=self.kwargs["pk"])

    def retour(self):
        return self.objet_regle.strategie.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.objet_regle}

    def agir(self, form):
        priorite = actions.enregistrer_priorite(self.objet_regle, par=self.request.user, donnees=form.cleaned_data)
        return priorite.strategie


# --- Partners' action plans ---------------------------------------------------------------------


class PlansPartenairesView(RegleRequiseMixin, TemplateView):
    regle = "plans.voir_plans_partenaires"
    template_name = "plans/plans_partenaires.html"

    def get_context_data(self, **kwargs):
        plans = PlanPartenaire.objects.select_related("organisation").annotate(nb_actions=Count("actions"))
        return super().get_context_data(plans=plans, **kwargs)


def plan_partenaire_complet():
    """A partner's plan with its actions, their priorities (and strategies) and regions."""
    return PlanPartenaire.objects.select_related("organisation").prefetch_related(
        Prefetch(
            "actions",
            queryset=ActionPartenaire.objects.prefetch_related(
                Prefetch("priorites", queryset=PrioriteRegionale.objects.select_related("region", "strategie__region")),
                "regions",
            ),
        )
    )


class PlanPartenaireView(RegleRequiseMixin, DetailView):
    regle = "plans.voir_plans_partenaires"
    template_name = "plans/plan_partenaire.html"
    context_object_name = "plan"

    def get_objet_regle(self):
        self.object = get_object_or_404(plan_partenaire_complet(), pk=self.kwargs["pk"])
        return self.object

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        historique = []
        if self.request.user.is_authenticated:
            historique = _historique(self.object.history.all(), ActionPartenaire.history.filter(plan_id=self.object.pk))
        return super().get_context_data(historique=historique, **kwargs)


class PlanPartenaireCreerView(VerbeFormView):
    regle = "plans.gerer_plans_partenaires"
    form_class = PlanPartenaireForm
    titre = gettext_lazy("Nouveau plan d'action d'un partenaire")
    succes = gettext_lazy("Plan du partenaire créé : ajoutez ses actions.")

    def get_objet_regle(self):
        return None

    def retour(self):
        return reverse("strategies:plans_partenaires")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PlanPartenaire()}

    def agir(self, form):
        return actions.enregistrer_plan_partenaire(form.instance, par=self.request.user, donnees=form.cleaned_data)


class PlanPartenaireMixin:
    regle = "plans.gerer_plans_partenaires"

    @cached_property
    def plan(self):
        return get_object_or_404(PlanPartenaire.objects.select_related("organisation"), pk=self.kwargs["pk"])

    def get_objet_regle(self):
        return self.plan

    def retour(self):
        return self.plan.get_absolute_url()


class PlanPartenaireModifierView(PlanPartenaireMixin, VerbeFormView):
    form_class = PlanPartenaireForm
    titre = gettext_lazy("Modifier le plan d'action du partenaire")
    succes = gettext_lazy("Plan du partenaire enregistré.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def agir(self, form):
        return actions.enregistrer_plan_partenaire(self.plan, par=self.request.user, donnees=form.cleaned_data)


class ActionPartenaireCreerView(PlanPartenaireMixin, VerbeFormView):
    form_class = ActionPartenaireForm
    titre = gettext_lazy("Nouvelle action du partenaire")
    succes = gettext_lazy("Action ajoutée.")

    def get_form_kwargs(self):
        suivant = (self.plan.actions.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
        kwargs = super().get_form_kwargs()
        kwargs.setdefault("initial", {})["numero"] = suivant
        return {**kwargs, "instance": ActionPartenaire(plan=self.plan)}

    def agir(self, form):
        actions.enregistrer_action_partenaire(form.instance, par=self.request.user, donnees=form.cleaned_data)
        return self.plan


class ActionPartenaireModifierView(PlanPartenaireMixin, VerbeFormView):
    form_class = ActionPartenaireForm
    titre = gettext_lazy("Modifier l'action du partenaire")
    succes = gettext_lazy("Action enregistrée.")

    @cached_property
    def action(self):
        return get_object_or_404(ActionPartenaire.objects.select_related("plan__organisation"), pk=self.kwargs["pk"])

    @cached_property
    def plan(self):
        return self.action.plan

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.action}

    def agir(self, form):
        actions.enregistrer_action_partenaire(self.action, par=self.request.user, donnees=form.cleaned_data)
        return self.plan
