"""Files and comments of a project page: adding an attachment, downloading it or a decision's
document, commenting. Writes go through projets.actions (joindre_piece, commenter)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from noyau.views import RegleRequiseMixin, agir, regle_requise
from projets import actions
from projets.fichiers import servir, type_reel
from projets.forms import CommentaireForm, PieceJointeForm
from projets.models import Decision, PieceJointe
from projets.views.detail import contexte_fiche, projet_de_la_fiche


@regle_requise("projets.modifier", objet=projet_de_la_fiche)
def ajouter_piece(request, pk):
    projet = request.objet_regle
    form = PieceJointeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        piece = agir(request, actions.joindre_piece, projet, form=form, fichier=form.cleaned_data["fichier"])
        if piece:
            messages.success(request, _("Pièce jointe « %(nom)s » ajoutée.") % {"nom": piece.nom})
            return redirect(f"{projet.get_absolute_url()}#pieces")
    return render(request, "projets/detail.html", contexte_fiche(request, projet, form_piece=form))


@regle_requise("projets.commenter", objet=projet_de_la_fiche)
def commenter(request, pk):
    projet = request.objet_regle
    form = CommentaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fait = agir(
            request, actions.commenter, projet, form=form, texte=form.cleaned_data["texte"], succes=_("Commentaire ajouté.")
        )
        if fait:
            return redirect(f"{projet.get_absolute_url()}#fil")
    return render(request, "projets/detail.html", contexte_fiche(request, projet, form_commentaire=form))


class TelechargerPieceView(RegleRequiseMixin, View):
    """An attachment, to those who may see its project."""

    regle = "projets.telecharger_piece"

    def get_objet_regle(self):
        self.piece = get_object_or_404(PieceJointe.objects.select_related("projet__creneau"), pk=self.kwargs["pk"])
        return self.piece.projet

    def get(self, request, pk):
        return servir(self.piece.fichier, self.piece.nom, self.piece.type_mime)


class DocumentDecisionView(RegleRequiseMixin, View):
    """The document of a decision (signed résolution, convention…), to those who may see its project."""

    regle = "projets.telecharger_piece"

    def get_objet_regle(self):
        self.decision = get_object_or_404(
            Decision.objects.select_related("projet__creneau").exclude(fichier=""), pk=self.kwargs["pk"]
        )
        return self.decision.projet

    def get(self, request, pk):
        fichier = self.decision.fichier
        return servir(fichier, fichier.name.rsplit("/", 1)[-1], type_reel(fichier) or "application/octet-stream")
