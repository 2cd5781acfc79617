"""The séance pages (docs/seances.md): the list, planning, the agenda and convocation, and the séance in
session — one page that adapts to the chair, the secretary and each member, kept live by htmx
polling of its state fragment.

Views are thin: a page is refused (403, or the log-in page) by rule `seances.voir` to whoever is
not of the comité; every action is a POST that runs one verb of seances.actions, whose refusal is
shown as a message or next to the field at fault, never as an error page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creneaux.models import Comite, Personne
from creneaux.roles import roles_de
from noyau.permissions import verifier
from noyau.saisies import entier
from noyau.views import agir, regle_requise
from seances import actions, selectors
from seances.forms import (
    FORMULAIRES_POINT,
    ConflitForm,
    MainLeveeForm,
    OuvrirVoteForm,
    PlanifierForm,
    VoteForm,
    formulaires_point,
)
from seances.models import Point

PAR_PAGE = 20


def _seance(request, pk, **kwargs):
    return selectors.seance(pk)


def _seance_du_point(request, pk, **kwargs):
    request.point = selectors.point(pk)
    return request.point.seance


def _seance_de_la_presence(request, pk, **kwargs):
    request.presence = selectors.presence(pk)
    return request.presence.reunion


def _comite(request, comite, **kwargs):
    return get_object_or_404(Comite.objects.select_related("creneau", "region"), pk=comite)


def _retour(request, seance, defaut="seances:en_cours"):
    """Back to the page the form was on (the agenda or the séance in session)."""
    return redirect("seances:detail" if request.POST.get("retour") == "detail" else defaut, seance.pk)


# ---------------------------------------------------------------------------------------------
# List, planning, agenda


@regle_requise("seances.lister")
def liste(request):
    page = Paginator(selectors.liste(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    comites = Comite.objects.filter(pk__in=roles_de(request.user).comites_bureau).select_related("creneau", "region")
    comites_bureau = [c for c in comites if verifier("seances.planifier", request.user, c).ok]
    return render(
        request, "seances/liste.html", {"page_obj": page, "seances": page.object_list, "comites_bureau": comites_bureau}
    )


@regle_requise("seances.planifier", objet=_comite)
def planifier(request, comite):
    comite = request.objet_regle
    form = PlanifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        seance = agir(
            request,
            actions.planifier,
            comite,
            form=form,
            succes=_("Séance planifiée : ajoutez les points de l'ordre du jour, puis convoquez."),
            date=d["date"],
            mode=d["mode"],
            lieu=d["lieu"],
            lien=d["lien"],
            echeance=d["echeance"],
            notes=d["notes"],
        )
        if seance:
            return redirect("seances:detail", seance.pk)
    return render(request, "seances/planifier.html", {"comite": comite, "form": form})


def _page_detail(request, seance, *, lie=None, status=200):
    planifier = verifier("seances.planifier", request.user, seance)
    points = selectors.ordre_du_jour(seance)
    if any(p.parts for p in points):
        noms = {c.pk: c.nom for c in selectors.creneaux_de_la_region(seance.comite)}
        for p in points:
            p.lignes_parts = [(noms.get(int(pk), pk), montant) for pk, montant in (p.parts or {}).items()]
    contexte = {
        "seance": seance,
        "points": points,
        "presences": selectors.presences(seance),
        "membres": selectors.membres(seance) if seance.statut in selectors.A_VENIR else [],
        "planifier": planifier,
        "presider": verifier("seances.presider", request.user, seance),
        "formulaires": formulaires_point(seance, lie=lie) if planifier.ok else [],
    }
    return render(request, "seances/detail.html", contexte, status=status)


@regle_requise("seances.voir", objet=_seance)
def detail(request, pk):
    return _page_detail(request, request.objet_regle)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def ajouter_point(request, pk):
    seance = request.objet_regle
    classe = next((f for t, f in FORMULAIRES_POINT.items() if f"{t}-type_point" in request.POST), None)
    if classe is None:
        messages.error(request, _("Choisissez le type de point."))
        return redirect("seances:detail", seance.pk)
    form = classe(request.POST, seance=seance)
    if form.is_valid():
        point = agir(request, actions.ajouter_point, seance, form=form, type=classe.type, **form.donnees())
        if point:
            messages.success(request, _("Point ajouté : %(t)s.") % {"t": point.titre})
            return redirect("seances:detail", seance.pk)
    return _page_detail(request, seance, lie=form, status=200)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def retirer_point(request, pk):
    seance = request.objet_regle
    agir(request, actions.retirer_point, request.point, succes=_("Point retiré de l'ordre du jour."))
    return redirect("seances:detail", seance.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def ordonner(request, pk):
    """Move one item up or down (`point`, `sens` = haut / bas)."""
    seance = request.objet_regle
    ids = list(seance.points.order_by("ordre", "pk").values_list("pk", flat=True))
    try:
        pk_point = entier(request.POST.get("point"))
        i = ids.index(pk_point)
    except ValueError:
        messages.error(request, _("Ce point n'est plus à l'ordre du jour. Rechargez la page."))
        return redirect("seances:detail", seance.pk)
    j = i - 1 if request.POST.get("sens") == "haut" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        agir(request, actions.ordonner, seance, ordre=ids, succes=_("Ordre du jour modifié."))
    return redirect("seances:detail", seance.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def convoquer(request, pk):
    seance = request.objet_regle
    agir(request, actions.convoquer, seance, succes=_("Séance convoquée : les membres reçoivent l'ordre du jour."))
    return redirect("seances:detail", seance.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def ouvrir(request, pk):
    seance = request.objet_regle
    if agir(request, actions.ouvrir, seance, succes=_("Séance ouverte.")):
        return redirect("seances:en_cours", seance.pk)
    return _retour(request, seance)


# ---------------------------------------------------------------------------------------------
# The séance in session


def _etat(request, seance):
    """The live fragment of the séance en cours, with the fingerprint of its content."""
    t = selectors.tableau(seance, request.user)
    contexte = {"t": t, "seance": seance, "form_conflit": ConflitForm(prefix=f"c{t.courant.pk}" if t.courant else "c")}
    contenu = render_to_string("seances/_etat_contenu.html", contexte, request=request)
    v = selectors.empreinte(contenu)
    return v, render_to_string("seances/_etat.html", {"seance": seance, "contenu": contenu, "v": v}, request=request)


@regle_requise("seances.voir", objet=_seance)
def en_cours(request, pk):
    seance = request.objet_regle
    _v, html = _etat(request, seance)
    return render(request, "seances/en_cours.html", {"seance": seance, "etat": html})


@regle_requise("seances.voir", objet=_seance)
def etat(request, pk):
    """The live part of the séance en cours (polled every 3 s); 204 when nothing changed since the
    fingerprint the page holds, so htmx leaves the page (and what one is typing) alone."""
    v, html = _etat(request, request.objet_regle)
    if request.GET.get("v") == v:
        return HttpResponse(status=204)
    return HttpResponse(html)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def pointer(request, pk):
    seance = request.objet_regle
    agir(request, actions.pointer, seance, succes=_("Votre présence est inscrite."))
    return redirect("seances:en_cours", seance.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def marquer_presence(request, pk):
    seance = request.objet_regle
    personne = Personne.objects.filter(pk=entier(request.POST.get("personne")) or 0).first()
    if personne is None:
        messages.error(request, _("Choisissez le membre présent."))
    else:
        agir(
            request,
            actions.marquer_presence,
            seance,
            personne=personne,
            succes=_("Présence de %(p)s inscrite : la présidence la confirme.") % {"p": personne},
        )
    return redirect("seances:en_cours", seance.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance_de_la_presence)
def confirmer_presence(request, pk):
    agir(request, actions.confirmer_presence, request.presence, succes=_("Présence confirmée."))
    return redirect("seances:en_cours", request.objet_regle.pk)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def declarer_conflit(request, pk):
    point = request.point
    form = ConflitForm(request.POST, prefix=f"c{point.pk}")
    note = form.data.get(form.add_prefix("note"), "")
    agir(
        request,
        actions.declarer_conflit,
        point,
        note=note,
        succes=_("Conflit d'intérêts inscrit : vous ne votez pas sur ce point."),
    )
    return redirect("seances:en_cours", point.seance_id)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def ouvrir_vote(request, pk):
    point = request.point
    form = OuvrirVoteForm(request.POST)
    form.is_valid()
    d = {"proposition": request.POST.get("proposition", ""), "motif_renvoi": request.POST.get("motif_renvoi", "")}
    agir(request, actions.ouvrir_vote, point, **d, succes=_("Vote ouvert : %(t)s.") % {"t": point.titre})
    return redirect("seances:en_cours", point.seance_id)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def voter(request, pk):
    point = request.point
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez pour, contre ou abstention."))
    else:
        choix = form.cleaned_data["choix"]
        libelle = dict(form.fields["choix"].choices)[choix]
        agir(request, actions.voter, point, choix=choix, succes=_("Votre vote est enregistré : %(c)s.") % {"c": libelle})
    return redirect("seances:en_cours", point.seance_id)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def saisir_main_levee(request, pk):
    point = request.point
    form = MainLeveeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Un nombre de votes est un entier positif ou nul."))
    else:
        d = form.cleaned_data
        agir(
            request,
            actions.saisir_main_levee,
            point,
            pour=d["pour"],
            contre=d["contre"],
            abstentions=d["abstentions"] or 0,
            succes=_("Décompte à main levée saisi : la présidence le confirme."),
        )
    return redirect("seances:en_cours", point.seance_id)


@require_POST
@regle_requise("seances.voir", objet=_seance_du_point)
def clore_vote(request, pk):
    point = request.point
    decompte = request.POST.get("decompte") or None
    if decompte is None and request.POST.get("main_levee"):
        messages.error(request, _("Indiquez le décompte à main levée que vous confirmez."))
        return redirect("seances:en_cours", point.seance_id)
    resultat = agir(request, actions.clore_vote, point, decompte=decompte, succes=_("Vote clos."))
    if isinstance(resultat, Point) and resultat.etat == Point.Etat.SANS_DECISION:
        messages.warning(
            request, _("%(t)s : clos sans décision. %(motif)s") % {"t": resultat.titre, "motif": resultat.motif_renvoi}
        )
    elif isinstance(resultat, Point):
        messages.info(
            request,
            _("%(t)s : %(issue)s (%(pour)d pour, %(contre)d contre, %(abst)d abstention(s)).")
            % {
                "t": resultat.titre,
                "issue": resultat.get_issue_display().lower(),
                "pour": resultat.pour,
                "contre": resultat.contre,
                "abst": resultat.abstentions,
            },
        )
    return redirect("seances:en_cours", point.seance_id)


@require_POST
@regle_requise("seances.voir", objet=_seance)
def lever(request, pk):
    seance = request.objet_regle
    if agir(request, actions.lever, seance, succes=_("Séance levée : le procès-verbal est à approuver.")):
        return redirect("seances:detail", seance.pk)
    return redirect("seances:en_cours", seance.pk)
