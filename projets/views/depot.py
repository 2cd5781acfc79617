"""Filing a project: a new draft, the steps of its form, the live preview of its budget.

The forms validate what is typed; actions.creer and actions.modifier_brouillon check the rules,
the version read and the programme's rules, and save (or refuse, saving nothing)."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from noyau.actions import ActionRefusee, Conflit
from noyau.permissions import verifier
from noyau.saisies import entier
from noyau.views import RegleRequiseMixin, regle_requise
from projets import actions, budget, selectors
from projets.forms import ETAPE_DU_CHAMP, ETAPES, DepenseFormSet, FinancementFormSet, IdentificationForm
from projets.models import Projet


def _projet_a_deposer(request, pk, **kwargs):
    return get_object_or_404(selectors.pour_depot(), pk=pk)


# Prefix of each budget formset → its class.
FORMSETS = {"depenses": DepenseFormSet, "financements": FinancementFormSet}


def _formsets(etape, projet, data=None):
    if etape != "budget":
        return []
    return [classe(data, instance=projet, prefix=prefixe) for prefixe, classe in FORMSETS.items()]


def _lignes(projet, formsets):
    """Budget lines (expenses, financing): those typed in the step's formsets, else those saved."""
    if formsets:
        return [[f.cleaned_data for f in fs.forms if getattr(f, "cleaned_data", None)] for fs in formsets]
    return [projet.depenses.all(), projet.financements.all()]


def _etapes():
    return [(cle, lib) for cle, (lib, _f) in ETAPES.items()]


class EtapeView(RegleRequiseMixin, View):
    """One step of the filing form. « Enregistrer » keeps a draft (the programme's limits on what
    this step typed refuse it; what is still missing elsewhere is listed); « soumettre » checks
    everything, then submits."""

    regle = "projets.voir"

    def get_objet_regle(self):
        return _projet_a_deposer(self.request, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        self.etape = kwargs["etape"]
        if self.etape not in ETAPES:
            return redirect("projets:etape", kwargs["pk"], "identification")
        return super().dispatch(request, *args, **kwargs)  # rule projets.voir, then get() / post()

    def hors_preparation(self):
        """A project the user sees but may not edit (submitted, another créneau's…): back to its
        page, with the reason."""
        v = verifier("projets.modifier", self.request.user, self.objet_regle)
        if v.ok:
            return None
        messages.warning(self.request, v.raison)
        return redirect(self.objet_regle)

    @property
    def projet(self):
        return self.objet_regle

    def construire(self, data=None, files=None):
        classe = ETAPES[self.etape][1]
        kwargs = {"user": self.request.user} if classe is IdentificationForm else {}
        return classe(data, files, instance=self.projet, **kwargs), _formsets(self.etape, self.projet, data)

    def get(self, request, *args, **kwargs):
        if refus := self.hors_preparation():
            return refus
        form, formsets = self.construire()
        return self.afficher(form, formsets, avertissements=self.manques(budget.controler_projet(self.projet)))

    def post(self, request, *args, **kwargs):
        if refus := self.hors_preparation():
            return refus
        form, formsets = self.construire(request.POST, request.FILES)
        puis_soumettre = request.POST.get("suite") == "soumettre"
        if not (form.is_valid() and all(fs.is_valid() for fs in formsets)):
            return self.afficher(form, formsets)
        lignes = dict(zip(("depenses", "financements"), _lignes(self.projet, formsets), strict=True)) if formsets else {}
        try:
            projet = actions.modifier_brouillon(
                self.projet,
                par=request.user,
                version=form.cleaned_data["version_lue"],
                donnees=form.cleaned_data,
                puis_soumettre=puis_soumettre,
                **lignes,
            )
        except Conflit as exc:
            return self.afficher(form, formsets, conflit=exc.message)
        except ActionRefusee as exc:
            return self.refus(form, formsets, exc, puis_soumettre)
        if puis_soumettre:
            messages.success(request, _("Projet soumis au comité de créneau sous le numéro %(n)s.") % {"n": projet.numero})
            return redirect(projet)
        messages.success(request, _("Brouillon enregistré."))
        suivante = self.suivante()
        return redirect("projets:etape", projet.pk, suivante) if suivante else redirect(projet)

    def refus(self, form, formsets, exc, puis_soumettre):
        """The programme's rules broken by this step go on its fields (the budget's above its
        lines); the others are listed with a link to their step."""
        ici = {c: m for c, m in exc.erreurs.items() if ETAPE_DU_CHAMP.get(c, "budget") == self.etape}
        ailleurs = {c: m for c, m in exc.erreurs.items() if c not in ici}
        for champ, msgs in ici.items():
            for m in msgs if champ in form.fields else ():
                form.add_error(champ, m)
        if not exc.erreurs or (puis_soumettre and ailleurs):
            messages.error(self.request, exc.message)
        return self.afficher(form, formsets, avertissements=self.manques(ailleurs), erreurs_budget=ici.get("financements"))

    def manques(self, erreurs):
        return [(champ, ETAPE_DU_CHAMP.get(champ, "budget"), m) for champ, msgs in erreurs.items() for m in msgs]

    def suivante(self):
        cles = list(ETAPES)
        i = cles.index(self.etape)
        return cles[i + 1] if i + 1 < len(cles) else None

    def afficher(self, form, formsets, avertissements=None, **extra):
        budget_formsets = []
        if formsets:
            budget_formsets = [(_("Dépenses"), formsets[0], "depenses"), (_("Financement"), formsets[1], "financements")]
        totaux = None
        if self.etape == "budget":
            saisis = formsets if formsets and all(fs.is_bound for fs in formsets) else None
            porteur = form.cleaned_data.get("porteur") if hasattr(form, "cleaned_data") else None
            totaux = budget.tableau(self.projet.programme, porteur or self.projet.porteur, *_lignes(self.projet, saisis))
        ctx = {
            "projet": self.projet,
            "form": form,
            "etape": self.etape,
            "etape_libelle": ETAPES[self.etape][0],
            "etapes": _etapes(),
            "etape_suivante": self.suivante(),
            "avertissements": avertissements,
            "peut_soumettre": verifier("projets.soumettre", self.request.user, self.projet).ok,
            "budget_formsets": budget_formsets,
            "totaux": totaux,
            **extra,
        }
        return render(self.request, "projets/etape.html", ctx)


class NouveauView(RegleRequiseMixin, View):
    """Step 1 of a new project: a draft exists once it has a title, a créneau and a programme."""

    regle = "projets.creer"

    def get(self, request):
        projet = Projet(programme=selectors.programme_par_defaut())
        return self.afficher(IdentificationForm(instance=projet, user=request.user), projet)

    def post(self, request):
        form = IdentificationForm(request.POST, instance=Projet(), user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                projet = actions.creer(d["creneau"], par=request.user, titre=d["titre"], programme=d["programme"])
            except ActionRefusee as exc:
                exc.vers_formulaire(form)
            else:
                messages.success(request, _("Brouillon créé : complétez les étapes suivantes."))
                return redirect("projets:etape", projet.pk, "porteur")
        return self.afficher(form, form.instance)

    def afficher(self, form, projet):
        ctx = {
            "projet": projet,
            "form": form,
            "etape": "identification",
            "etape_libelle": ETAPES["identification"][0],
            "etapes": _etapes(),
            "etape_suivante": "porteur",
        }
        return render(self.request, "projets/etape.html", ctx)


@regle_requise("projets.modifier", objet=_projet_a_deposer)
def apercu_budget(request, pk):
    """htmx: the computed totals of the budget being typed (nothing saved)."""
    projet = request.objet_regle
    formsets = _formsets("budget", projet, request.POST)
    for fs in formsets:
        fs.is_valid()
    totaux = budget.tableau(projet.programme, projet.porteur, *_lignes(projet, formsets))
    return render(request, "projets/_totaux.html", {"totaux": totaux})


@require_GET
@regle_requise("projets.modifier", objet=_projet_a_deposer)
def ligne_budget(request, pk, prefixe):
    """htmx « Ajouter une ligne »: the empty row of number `<prefixe>-TOTAL_FORMS` (the page's
    count, sent by the button), and that count plus one in its management form (out of band)."""
    classe = FORMSETS.get(prefixe)
    if classe is None:
        raise Http404
    index = entier(request.GET.get(f"{prefixe}-TOTAL_FORMS"))
    if index is None or not 0 <= index < classe.max_num:
        return HttpResponseBadRequest()
    form = classe(instance=request.objet_regle, prefix=prefixe).ligne(index)
    premier = next(iter(form.visible_fields()))
    premier.field.widget.attrs["autofocus"] = True  # htmx focuses it once swapped in
    ctx = {"f": form, "numero": index + 1, "prefixe": prefixe, "total": index + 1}
    return render(request, "projets/_ligne_budget_ajoutee.html", ctx)
