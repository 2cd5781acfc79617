"""Pages of a créneau's activities: the list (public like its fiche) and the coordination's form."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from activites import actions
from activites.forms import ActiviteForm
from activites.models import Activite
from creneaux.models import Creneau, Organisation
from noyau.actions import ActionRefusee
from noyau.views import RegleRequiseMixin


class CreneauMixin(RegleRequiseMixin):
    @cached_property
    def creneau(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])

    def get_objet_regle(self):
        return self.creneau


class ActivitesView(CreneauMixin, TemplateView):
    regle = "activites.voir"
    template_name = "activites/creneau.html"

    def get_context_data(self, **kwargs):
        activites = self.creneau.activites.select_related("action__objectif__axe").prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("nom")), "partenariats"
        )
        return super().get_context_data(creneau=self.creneau, activites=activites, **kwargs)


class ActiviteFormView(CreneauMixin, FormView):
    regle = "activites.enregistrer"
    form_class = ActiviteForm
    template_name = "activites/formulaire.html"
    titre = gettext_lazy("Nouvelle activité")

    @cached_property
    def activite(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Activite, pk=self.kwargs["pk"], creneau=self.creneau)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "creneau": self.creneau}
        if self.activite is not None:
            kwargs["instance"] = self.activite
        return kwargs

    def form_valid(self, form):
        try:
            activite = actions.enregistrer_activite(
                self.creneau, par=self.request.user, donnees=form.cleaned_data, activite=self.activite
            )
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
            return self.form_invalid(form)
        messages.success(self.request, gettext_lazy("Activité enregistrée."))
        return redirect(activite)


class ActiviteModifierView(ActiviteFormView):
    titre = gettext_lazy("Modifier l'activité")
