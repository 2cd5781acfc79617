"""Pages of the créneau's member companies and of its dossier d'excellence (forms that hand
their data to the verbs of creneaux.actions; refusals shown next to the field)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, UpdateView, View

from creneaux import actions
from creneaux.forms_excellence import DossierExcellenceForm, MembreForm
from creneaux.models import Creneau, DossierExcellence, MembreCreneau
from creneaux.views.creneaux import CreneauParSlugMixin
from noyau.views import RegleRequiseMixin


class MembreAjouterView(CreneauParSlugMixin, CreateView):
    form_class = MembreForm
    titre = _("Nouvelle entreprise membre")
    success_message = _("Entreprise membre ajoutée.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": MembreCreneau(creneau=self.objet_regle)}

    def get_retour(self):
        return self.objet_regle.get_absolute_url() + "#t-membres"

    def enregistrer(self, form):
        return actions.enregistrer_membre(form.instance, par=self.request.user)


class MembreModifierView(CreneauParSlugMixin, UpdateView):
    form_class = MembreForm
    titre = _("Modifier l'adhésion")
    success_message = _("Adhésion modifiée.")

    def get_object(self, queryset=None):
        return get_object_or_404(
            MembreCreneau.objects.select_related("organisation", "creneau"), pk=self.kwargs["pk"], creneau=self.objet_regle
        )

    def get_retour(self):
        return self.objet_regle.get_absolute_url() + "#t-membres"

    def enregistrer(self, form):
        return actions.enregistrer_membre(form.instance, par=self.request.user)


class DossierExcellenceView(CreneauParSlugMixin, FormView):
    form_class = DossierExcellenceForm
    titre = _("Dossier d'excellence")
    success_message = _("Dossier d'excellence déposé.")

    def get_initial(self):
        dossier = DossierExcellence.objects.filter(creneau=self.objet_regle).first()
        return {"avantages_comparatifs": dossier.avantages_comparatifs} if dossier else {}

    def get_retour(self):
        return self.objet_regle.get_absolute_url() + "#t-excellence"

    def enregistrer(self, form):
        return actions.enregistrer_dossier_excellence(
            self.objet_regle,
            par=self.request.user,
            avantages_comparatifs=form.cleaned_data["avantages_comparatifs"],
            documentation=form.cleaned_data.get("documentation"),
        )


class DocumentationExcellenceView(RegleRequiseMixin, View):
    """The dossier's documentation, to the créneau and the Ministère only."""

    regle = "creneaux.voir_dossier_excellence"

    def get_objet_regle(self):
        return get_object_or_404(Creneau.objects.select_related("region_porteuse"), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        dossier = DossierExcellence.objects.filter(creneau=self.objet_regle).first()
        if dossier is None or not dossier.documentation:
            raise Http404
        return FileResponse(dossier.documentation.open("rb"), as_attachment=True)
