"""The project page: budget, thread, history, envelope, and the action panel, each form of which
runs one verb of projets.actions (named below, so grep finds every caller).

A comité decides only in séance (seances.actions.clore_vote runs the résolution verbs): for a
project before a comité the page says on which séance's agenda it is, and offers the comité's
bureau to put it on an upcoming séance (the séance pages are the `seances` app's)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from creneaux.models import Comite, Reunion
from creneaux.roles import roles_de
from noyau.actions import ActionRefusee, Conflit
from noyau.horloge import maintenant
from noyau.permissions import verifier
from noyau.views import regle_requise
from projets import actions, analyse, budget, enveloppes, rules, selectors
from projets.forms import (
    AnalyseForm,
    CommentaireForm,
    ConventionForm,
    DecisionMinistereForm,
    DepotRapportFinalForm,
    DesengagementForm,
    PieceJointeForm,
    RapportFinalForm,
    RetraitForm,
    SoumettreForm,
    VersementForm,
)
from projets.models import Projet, Statut


def projet_de_la_fiche(request, pk, **kwargs):
    """The project with everything its page shows (the object of the page's rules)."""
    return get_object_or_404(selectors.fiche(), pk=pk)


@dataclass(frozen=True)
class Issue:
    """One outcome of an action form: the verb it runs, offered when its rule (the verb's own,
    `projets.<verbe>`) allows it, and the verb's arguments from the form's cleaned_data."""

    verbe: Callable
    regle: str
    arguments: Callable[[dict], dict]


def _version(d):
    return {"version": d["version"]}


def _motif(d):
    return {**_version(d), "motif": d["motif"]}


def _versement(d):
    return {**_version(d), "date": d["date"], "montant": d["montant"], "note": d["note"]}


def _rapport(d):
    return {"resume": d["resume"], "fichier": d["fichier"]}


# Action form key → (form class, {value of its "issue" field (or the only one): Issue}).
FORMULAIRES_ACTION = {
    "soumettre": (SoumettreForm, {"soumettre": Issue(actions.soumettre, "projets.soumettre", _version)}),
    "analyse": (
        AnalyseForm,
        {
            "analyser": Issue(
                actions.analyser,
                "projets.analyser",
                lambda d: {
                    **_version(d),
                    "texte": d["texte"],
                    "recommandation": d["recommandation"],
                    "montant_recommande": d["montant_recommande"],
                },
            )
        },
    ),
    "ministere": (
        DecisionMinistereForm,
        {
            "accepter": Issue(actions.accepter, "projets.accepter", lambda d: {**_motif(d), "montant": d["montant"]}),
            "refuser": Issue(actions.refuser, "projets.refuser", _motif),
            "demander_complement": Issue(actions.demander_complement, "projets.demander_complement", _motif),
        },
    ),
    "convention": (
        ConventionForm,
        {
            "signer_convention": Issue(
                actions.signer_convention, "projets.signer_convention", lambda d: {**_motif(d), "fichier": d["fichier"]}
            )
        },
    ),
    "versement": (
        VersementForm,
        {"enregistrer_versement": Issue(actions.enregistrer_versement, "projets.enregistrer_versement", _versement)},
    ),
    "desengagement": (DesengagementForm, {"desengager": Issue(actions.desengager, "projets.desengager", _motif)}),
    # No version: depositing the report changes no state (see the verb).
    "depot_rapport": (
        DepotRapportFinalForm,
        {"deposer_rapport_final": Issue(actions.deposer_rapport_final, "projets.deposer_rapport_final", _rapport)},
    ),
    "rapport": (
        RapportFinalForm,
        {
            "accepter_rapport_final": Issue(
                actions.accepter_rapport_final, "projets.accepter_rapport_final", lambda d: {**_version(d), **_rapport(d)}
            )
        },
    ),
    "retrait": (RetraitForm, {"retirer": Issue(actions.retirer, "projets.retirer", _motif)}),
}


def _formulaire(request, projet, cle, donnees=None, fichiers=None):
    """(form, verdicts) of action `cle`: the verdict of each of its verbs for the user, and its
    form offering only the outcomes open now (None if none is)."""
    classe, issues = FORMULAIRES_ACTION[cle]
    verdicts = {nom: verifier(issue.regle, request.user, projet) for nom, issue in issues.items()}
    ouverts = [nom for nom, v in verdicts.items() if v.ok]
    if not ouverts:
        return None, verdicts
    form = classe(donnees, fichiers, projet=projet)
    form.offrir(ouverts)
    return form, verdicts


def formulaires_action(request, projet, lie=None, donnees=None, fichiers=None):
    """The project's action panel: for each action form, the verdicts of its verbs; a form only
    where at least one verb is open to the user now, else the first reason it is not."""
    panneau = []
    for cle, (classe, _issues) in FORMULAIRES_ACTION.items():
        form, verdicts = _formulaire(request, projet, cle, *((donnees, fichiers) if cle == lie else ()))
        raison = "" if form else next(v.raison for v in verdicts.values() if not v.ok)
        panneau.append({"cle": cle, "libelle": classe.libelle, "form": form, "raison": raison})
    return panneau


# States of a séance's agenda item still to be decided (seances.models.Point.Etat, which this
# layer does not import).
POINT_EN_ATTENTE = ("inscrit", "vote_ouvert")
SEANCE_A_VENIR = (Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE)


def devant_comite(request, projet):
    """For a project before a comité (de créneau or régional): the comité(s) that decide on it,
    the séances on whose agenda it waits, and — for the comité's bureau — the upcoming séances it
    may still be put on (planned, or convened after it reached the comité). None otherwise.
    Three queries at most, whatever the number of séances."""
    if projet.statut == Statut.COMITE_CRENEAU:
        comites = [c for c in Comite.objects.filter(creneau=projet.creneau_id).select_related("creneau") if c.adopte_resolutions]
        regional = False
    elif projet.statut == Statut.COMITE_REGIONAL:
        comites = list(
            Comite.objects.filter(type=Comite.Type.REGIONAL, region=projet.creneau.region_porteuse_id).select_related("region")
        )
        regional = True
    else:
        return None
    ids = [c.pk for c in comites]
    points = list(
        projet.points.filter(seance__comite__in=ids, etat__in=POINT_EN_ATTENTE)
        .exclude(seance__statut__in=(Reunion.Statut.LEVEE, Reunion.Statut.PV_APPROUVE))
        .select_related("seance__comite")
        .order_by("seance__date")
    )
    seances = []
    bureau = [c for c in comites if c.pk in roles_de(request.user).comites_bureau]
    if bureau:
        deja = {p.seance_id for p in points}
        seances = [
            s
            for s in Reunion.objects.filter(comite__in=bureau, statut__in=SEANCE_A_VENIR, date__gte=maintenant())
            .filter(Q(convoquee_le__isnull=True) | Q(convoquee_le__gte=projet.statut_depuis))
            .select_related("comite__creneau", "comite__region")
            .order_by("date")
            if s.pk not in deja and verifier("seances.planifier", request.user, s).ok
        ]
    return {
        "regional": regional,
        "comites": comites,
        "points": points,
        "seances": seances,
        "bureau": [c for c in bureau if verifier("seances.planifier", request.user, c).ok],
    }


def montre_enveloppe(request, projet):
    """The comité régional's bureau decides with the envelope in view (its présidence and
    secrétariat, from the user's roles: no query); the Ministère too."""
    if projet.statut == Statut.COMITE_REGIONAL and projet.creneau.region_porteuse_id in roles_de(request.user).comite_regional:
        return True
    return any(verifier(issue.regle, request.user, projet).ok for issue in FORMULAIRES_ACTION["ministere"][1].values())


def contexte_fiche(request, projet, lie=None, donnees=None, fichiers=None, **extra):
    """Everything the project page shows; `lie` names the action form bound to `donnees`. The
    envelope, the séances of the comité it is before and the change history come as fragments
    loaded by the page (htmx), so the page itself runs in a fixed, small number of queries."""
    panneau = formulaires_action(request, projet, lie, donnees, fichiers)
    ouverts = {a["cle"] for a in panneau if a["form"]}
    # The direction régionale's grid (computed now, for the analyst) and its last analysis (for the
    # bureau central, beside its decision form; until there is one, it waits for it to accept or refuse).
    grille = analyse.grille(projet) if "analyse" in ouverts else None
    derniere_analyse = selectors.derniere_analyse(projet) if ouverts & {"analyse", "ministere"} else None
    attente_analyse = rules.EN_ATTENTE_ANALYSE if "ministere" in ouverts and derniere_analyse is None else ""
    return {
        "projet": projet,
        "totaux": budget.tableau(projet.programme, projet.porteur, projet.depenses.all(), projet.financements.all()),
        "fil": selectors.fil_du_projet(projet),
        "actions": panneau,
        "devant_comite": projet.statut if projet.statut in (Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL) else "",
        "montre_enveloppe": montre_enveloppe(request, projet),
        "grille": grille,
        "derniere_analyse": derniere_analyse,
        "attente_analyse": attente_analyse,
        "peut_modifier": verifier("projets.modifier", request.user, projet),
        "form_piece": extra.pop("form_piece", None) or PieceJointeForm(),
        "form_commentaire": extra.pop("form_commentaire", None) or CommentaireForm(),
        "peut_commenter": verifier("projets.commenter", request.user, projet),
        "manques": budget.controler_projet(projet) if projet.statut in rules.EN_PREPARATION else {},
        **extra,
    }


@regle_requise("projets.voir", objet=projet_de_la_fiche)
def detail(request, pk):
    return render(request, "projets/detail.html", contexte_fiche(request, request.objet_regle))


def projet_seul(request, pk, **kwargs):
    return get_object_or_404(Projet.objects.select_related("programme", "creneau__region_porteuse"), pk=pk)


@regle_requise("projets.voir", objet=projet_seul)
def enveloppe(request, pk):
    """The envelope panel of the project page, for those who decide with it in view."""
    projet = request.objet_regle
    if not montre_enveloppe(request, projet):
        raise Http404
    contexte = {"projet": projet, "enveloppe": enveloppes.etat(projet.programme, projet.region)}
    return _fragment(request, "projets/_enveloppe.html", contexte, _("Enveloppe"))


@regle_requise("projets.voir", objet=projet_seul)
def seances(request, pk):
    """The « before the comité » panel of the project page: the séances whose agenda it is on and,
    for the comité's bureau, the upcoming ones it may be put on."""
    projet = request.objet_regle
    comite = devant_comite(request, projet)
    if comite is None:
        raise Http404
    titre = _("Devant le comité régional") if comite["regional"] else _("Devant le comité de créneau")
    return _fragment(request, "projets/_devant_comite.html", {"projet": projet, "comite": comite}, titre)


@regle_requise("projets.voir", objet=projet_seul)
def historique(request, pk):
    """The change history of the project page (opened on demand)."""
    projet = request.objet_regle
    contexte = {"projet": projet, "historique": selectors.historique(projet)}
    return _fragment(request, "projets/_historique_liste.html", contexte, _("Historique des modifications"))


def _fragment(request, gabarit, contexte, titre):
    """The fragment itself for htmx; a whole page around it for the link that works without
    JavaScript."""
    if request.headers.get("HX-Request"):
        return render(request, gabarit, contexte)
    return render(request, "projets/fragment.html", {**contexte, "fragment": gabarit, "titre_fragment": titre})


@regle_requise("projets.voir", objet=projet_de_la_fiche)
def agir(request, pk, cle):
    """POST of one action form: run the chosen verb; a refusal goes on its field (a conflict is
    told at the top of the page) and the page is shown again with what was typed."""
    if request.method != "POST" or cle not in FORMULAIRES_ACTION:
        return redirect("projets:detail", pk)
    projet = request.objet_regle
    classe, issues = FORMULAIRES_ACTION[cle]
    # Only the outcomes open to the user are valid choices: a forged one is refused on its field.
    # With none open, the verb says why (a page gone stale: who changed the project, and when).
    form, _verdicts = _formulaire(request, projet, cle, request.POST, request.FILES)
    ouvert = form is not None
    form = form or classe(request.POST, request.FILES, projet=projet)
    if form.is_valid():
        issue = issues[form.cleaned_data.get("issue") or next(iter(issues))]
        try:
            issue.verbe(projet, par=request.user, **issue.arguments(form.cleaned_data))
        except Conflit as exc:
            messages.error(request, exc.message)
            return redirect("projets:detail", pk)
        except ActionRefusee as exc:
            if not ouvert:
                messages.error(request, exc.message)
                return redirect("projets:detail", pk)
            exc.vers_formulaire(form)
        else:
            messages.success(request, _("%(action)s : enregistré.") % {"action": classe.libelle})
            return redirect("projets:detail", pk)
    ctx = contexte_fiche(request, projet, cle, request.POST, request.FILES, action_ouverte=cle)
    for a in ctx["actions"]:
        if a["cle"] == cle and a["form"] is not None:
            a["form"] = form
    return render(request, "projets/detail.html", ctx)
