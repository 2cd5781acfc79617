"""The cahier de séance: one PDF per séance with everything its members read before it — a cover,
the agenda, then each item's dossier (the project's summary, budget and the direction régionale's
analysis, the plan d'action, the bilan, the répartition proposed) — with a bookmark per item and
page numbers, tagged like every document (rapports.pdf).

It is built by the task worker (rapports.generation, a DocumentGenere of sorte « cahier de
séance » tied to the séance) at the convocation and whenever the agenda of the convened séance
changes, and served as built. Its fingerprint
(empreinte) is that of what it shows: a cahier built from an older agenda is never served; the
first download after a change asks for a new one. Written in the portal's language, like the
procès-verbal (one document for the whole comité).
"""

import hashlib
import json

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from creneaux.models import Creneau, Reunion
from noyau.courriels import notifications_actives
from noyau.exercices import exercice_de
from plans.models import Action, Axe, Objectif
from projets.models import Decision, Projet
from rapports import generation
from rapports.models import DocumentGenere
from rapports.pdf import contexte_impression
from seances.models import Point

GABARIT = "seances/cahier.html"
Sorte = DocumentGenere.Sorte


def _points(seance):
    return list(
        Point.objects.filter(seance=seance)
        .select_related("plan__creneau", "bilan__creneau", "enveloppe__programme")
        .order_by("ordre", "pk")
    )


def empreinte(seance, points=None):
    """The fingerprint of what the cahier shows of `seance` (its date, place, agenda)."""
    points = _points(seance) if points is None else points
    contenu = [
        seance.date.isoformat(), seance.mode, seance.lieu, seance.lien,
        [(p.pk, p.ordre, p.type, p.titre, p.texte, p.projet_id, p.plan_id, p.bilan_id, p.enveloppe_id, p.parts) for p in points],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(contenu, default=str, sort_keys=True).encode()).hexdigest()


def dernier(seance, empreinte_actuelle=None):
    """The latest cahier asked for the séance's current agenda (None if none)."""
    empreinte_actuelle = empreinte_actuelle or empreinte(seance)
    return (
        DocumentGenere.objects.filter(sorte=Sorte.CAHIER_SEANCE, reunion=seance, empreinte=empreinte_actuelle)
        .exclude(statut=DocumentGenere.Statut.ECHEC)
        .order_by("-cree_le", "-pk")
        .first()
    )


def demander(seance, user):
    """Ask the worker for the cahier of the séance's current agenda (after commit), unless one is
    built or under way; returns its DocumentGenere (None for an empty agenda)."""
    points = _points(seance)
    if not points:
        return None
    e = empreinte(seance, points)
    deja = dernier(seance, e)
    if deja is not None and deja.statut == DocumentGenere.Statut.PRET:
        return deja
    exercice = exercice_de(timezone.localdate(seance.date))
    return generation.demander(Sorte.CAHIER_SEANCE, user, exercice, reunion=seance, empreinte=e)


def a_refaire(seance, par):
    """The agenda of a convened séance has changed (or it is being convened): ask for a new cahier.
    Not while the agenda is in preparation, nor in a silent replay (the demo's past séances): then
    the cahier is built at its first download."""
    if notifications_actives() and seance.statut == Reunion.Statut.CONVOQUEE:
        demander(seance, par)


def _derniere_analyse(projet):
    """The direction régionale's latest analysis of the project, as its dossier shows it to whoever
    may read the project (rapports « dossier de projet »)."""
    analyses = [d for d in projet.decisions.all() if d.etape == Decision.Etape.ANALYSE]
    return max(analyses, key=lambda d: (d.horodatage, d.pk), default=None)


def contexte(document):
    """(template, context, file name) of the cahier recorded as `document` (rapports.generation)."""
    seance = Reunion.objects.select_related("comite__creneau", "comite__region", "convoquee_par").get(pk=document.reunion_id)
    points = _points(seance)
    projets = {
        p.pk: p
        for p in Projet.objects.pour_detail()
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.select_related("auteur", "comite")))
        .filter(pk__in=[pt.projet_id for pt in points if pt.projet_id])
    }
    plans = [pt.plan_id for pt in points if pt.plan_id]
    axes = {}
    if plans:
        for axe in Axe.objects.filter(plan_id__in=plans).prefetch_related(
            Prefetch("objectifs", queryset=Objectif.objects.prefetch_related(Prefetch("actions", queryset=Action.objects.all())))
        ):
            axes.setdefault(axe.plan_id, []).append(axe)
    bilans = [pt.bilan for pt in points if pt.bilan_id]
    sections = {}
    for b in bilans:
        sections[b.pk] = list(b.sections.all())
    ids_creneaux = {int(pk) for pt in points if pt.parts for pk in pt.parts}
    noms = dict(Creneau.objects.filter(pk__in=ids_creneaux).values_list("pk", "nom")) if ids_creneaux else {}
    items = []
    for pt in points:
        projet = projets.get(pt.projet_id)
        items.append(
            {
                "point": pt,
                "projet": projet,
                "analyse": _derniere_analyse(projet) if projet else None,
                "axes": axes.get(pt.plan_id, []),
                "sections": sections.get(pt.bilan_id, []),
                "parts": [(noms.get(int(pk), pk), montant) for pk, montant in (pt.parts or {}).items()],
            }
        )
    ctx = contexte_impression(
        document.demande_par,
        _("Cahier de séance"),
        str(seance.comite),
        genere_le=timezone.localtime(),
        langue=settings.LANGUAGE_CODE,
        seance=seance,
        items=items,
    )
    ctx["genere_par"] = ""
    return GABARIT, ctx, f"cahier-seance-{seance.pk}-{timezone.localtime(seance.date):%Y-%m-%d}.pdf"


generation.CONSTRUCTEURS[Sorte.CAHIER_SEANCE] = contexte
