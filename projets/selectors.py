"""Project querysets by user: what they may see (`visibles`) and what waits for them (`a_traiter`).

`visibles(user)` is the queryset twin of the rule `projets.voir` (projets/rules.py): list pages
and exports start from it. `a_traiter(user)` is the « À traiter » provider (one query).
"""

import operator
from functools import reduce

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext as _

from creneaux.roles import roles_de
from noyau.taches import Tache
from projets.models import STATUTS_DEPUIS_REGIONAL, Decision, Projet, Statut

# « À traiter » lists at most this many projects per user (oldest first).
LIMITE_A_TRAITER = 100


def visibles(user, qs=None):
    """Projects `user` may read (same answer as the rule projets.voir, as a queryset)."""
    qs = Projet.objects.all() if qs is None else qs
    roles = roles_de(user)
    if not roles.authentifie:
        return qs.none()
    if roles.central or roles.admin:
        return qs
    soumis = ~Q(statut=Statut.BROUILLON) & ~Q(statut=Statut.RETIRE, soumis_le__isnull=True)
    passe_au_regional = Q(statut__in=STATUTS_DEPUIS_REGIONAL) | Q(
        statut__in=(Statut.A_COMPLETER, Statut.RETIRE),
        pk__in=Decision.objects.filter(vers_statut=Statut.COMITE_REGIONAL).values("projet"),
    )
    q = (
        Q(creneau__in=roles.coordination)
        | Q(creneau__region_porteuse__in=roles.directions_regionales)
        | (Q(creneau__in=roles.creneaux_membre) & soumis)
        | (Q(creneau__region_porteuse__in=roles.regions_membre) & passe_au_regional)
    )
    return qs.filter(q)


def _taches_q(roles):
    """(Q, what is expected) for each role of the user: one « À traiter » entry per match."""
    regles = []
    if roles.coordination:
        regles.append(
            (
                Q(creneau__in=roles.coordination, statut__in=(Statut.BROUILLON, Statut.A_COMPLETER)),
                _("Compléter et soumettre le projet"),
            )
        )
    if roles.resolution:
        regles.append(
            (Q(creneau__in=roles.resolution, statut=Statut.COMITE_CRENEAU), _("Enregistrer la résolution du comité de créneau"))
        )
    if roles.comite_regional:
        regles.append(
            (
                Q(creneau__region_porteuse__in=roles.comite_regional, statut=Statut.COMITE_REGIONAL),
                _("Décision du comité régional"),
            )
        )
    if roles.directions_regionales:
        # Analysed since it reached the Ministère: no longer waiting for the direction régionale.
        deja_analyse = Decision.objects.filter(
            projet=OuterRef("pk"),
            etape=Decision.Etape.ANALYSE,
            vers_statut=Statut.MINISTERE,
            horodatage__gte=OuterRef("statut_depuis"),
        )
        regles.append(
            (
                Q(creneau__region_porteuse__in=roles.directions_regionales, statut=Statut.MINISTERE) & ~Exists(deja_analyse),
                _("Analyser le projet (direction régionale)"),
            )
        )
    if roles.central:
        regles.append((Q(statut=Statut.MINISTERE), _("Décider : accepter, refuser ou demander un complément")))
        regles.append((Q(statut=Statut.ACCEPTE), _("Faire signer la convention")))
    return regles


def a_traiter(user) -> list[Tache]:
    """Projects waiting for `user`, oldest first (one query, at most LIMITE_A_TRAITER projects)."""
    regles = _taches_q(roles_de(user))
    if not regles:
        return []
    drapeaux = {f"tache_{i}": ExpressionWrapper(q, output_field=BooleanField()) for i, (q, _quoi) in enumerate(regles)}
    projets = (
        Projet.objects.filter(reduce(operator.or_, (q for q, _quoi in regles)))
        .annotate(**drapeaux)
        .select_related("creneau__region_porteuse")
        .only("numero", "titre", "statut_depuis", "creneau__nom", "creneau__region_porteuse__nom")
        .order_by("statut_depuis", "pk")[:LIMITE_A_TRAITER]
    )
    return [
        Tache(
            titre=f"{p.numero or _('Brouillon')} – {p.titre}",
            url=p.get_absolute_url(),
            quoi=quoi,
            depuis=p.statut_depuis,
            contexte=f"{p.creneau.nom} – {p.creneau.region_porteuse.nom}",
        )
        for p in projets
        for i, (_q, quoi) in enumerate(regles)
        if getattr(p, f"tache_{i}")
    ]
