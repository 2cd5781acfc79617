"""The account's API tokens page: list, make (the token is shown once), revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api import actions
from api.models import JetonAPI
from api.rules import EtatConnexion
from comptes.double_facteur import exige_double_facteur, session_verifiee
from noyau.actions import ActionRefusee
from noyau.formulaires import FormulaireBase
from noyau.permissions import verifier
from noyau.views import regle_requise

# The clear token waits in the session between the POST and the page that shows it once.
JETON_A_MONTRER = "_api_jeton_a_montrer"


def etat_connexion(request):
    return EtatConnexion(exige=exige_double_facteur(request.user), verifiee=session_verifiee(request))


class JetonForm(FormulaireBase, forms.Form):
    bouton = gettext_lazy("Créer le jeton")
    nom = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=100,
        help_text=gettext_lazy("Par exemple : tableau de bord, système financier."),
    )


@regle_requise("api.gerer_jetons")
def jetons(request):
    connexion = etat_connexion(request)
    form = JetonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _jeton, clair = actions.creer_jeton(par=request.user, nom=form.cleaned_data["nom"], connexion=connexion)
        except ActionRefusee as exc:
            exc.vers_formulaire(form)
        else:
            request.session[JETON_A_MONTRER] = clair
            return redirect("api_jetons")
    return render(
        request,
        "api/jetons.html",
        {
            "form": form,
            "jetons": JetonAPI.objects.filter(user=request.user),
            "nouveau": request.session.pop(JETON_A_MONTRER, None) if request.method == "GET" else None,
            "peut_creer": verifier("api.creer_jeton", request.user, connexion),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


@require_POST
@regle_requise("api.gerer_jetons")
def revoquer(request, pk):
    jeton = get_object_or_404(JetonAPI, pk=pk, user=request.user)
    try:
        actions.revoquer_jeton(jeton, par=request.user)
    except ActionRefusee as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Jeton « %(nom)s » révoqué : il ne donne plus accès à l'API.") % {"nom": jeton.nom})
    return redirect("api_jetons")
