"""« À traiter » of the créneaux: collaborations proposed to a créneau the user coordinates (to
accept or decline) and those its créneau proposed, still waiting for the other's answer; the
mandates proposed in the comités of a direction régionale's region, to confirm. One query each."""

from django.db.models import Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from creneaux.models import STATUTS_TERMINES, DemandeCollaboration, Mandat, Reglement
from creneaux.roles import roles_de
from noyau.a_traiter import Tache
from noyau.horloge import aujourdhui, maintenant


def taches_collaborations(user) -> list[Tache]:
    coordonnes = roles_de(user).coordination
    if not coordonnes:
        return []
    demandes = (
        DemandeCollaboration.objects.filter(statut=DemandeCollaboration.Statut.EN_ATTENTE)
        .filter(Q(creneau__in=coordonnes) | Q(demandeur__in=coordonnes))
        .select_related("collaboration", "creneau", "demandeur")
        .order_by("demandee_le", "pk")
    )
    taches = []
    for d in demandes:
        recue = d.creneau_id in coordonnes
        taches.append(
            Tache(
                titre=_("Collaboration « %(t)s »") % {"t": d.collaboration.titre},
                url=(d.creneau if recue else d.demandeur).get_absolute_url(),
                quoi=(
                    (
                        _("Accepter ou décliner le retrait de votre créneau demandé par %(c)s")
                        if d.objet == DemandeCollaboration.Objet.RETRAIT
                        else _("Accepter ou décliner la collaboration proposée par %(c)s")
                    )
                    % {"c": d.demandeur.nom}
                    if recue
                    else _("En attente de la réponse de %(c)s") % {"c": d.creneau.nom}
                ),
                depuis=d.demandee_le,
                contexte=d.creneau.nom if recue else d.demandeur.nom,
            )
        )
    return taches


def taches_mandats(user) -> list[Tache]:
    """For a direction régionale: each mandate proposed (by a coordination) in its region's
    comités — a bureau role or a vote — waiting for its confirmation."""
    regions = roles_de(user).directions_regionales
    if not regions:
        return []
    proposee_le = (
        Mandat.history.model.objects.filter(id=OuterRef("pk"))
        .values("id")
        .annotate(premiere=Min("history_date"))
        .values("premiere")
    )
    mandats = (
        Mandat.objects.a_confirmer()
        .filter(Q(fin__isnull=True) | Q(fin__gte=aujourdhui()))
        .filter(Q(comite__creneau__region_porteuse__in=regions) | Q(comite__creneau__isnull=True, comite__region__in=regions))
        .exclude(comite__creneau__statut__in=STATUTS_TERMINES)
        .annotate(proposee_le=Subquery(proposee_le))
        .select_related("personne", "comite__creneau__region_porteuse", "comite__region")
        .order_by("proposee_le", "pk")
    )
    return [
        Tache(
            titre=_("Mandat de %(personne)s – %(comite)s") % {"personne": m.personne, "comite": m.comite.nom},
            url=f"{m.comite.get_absolute_url()}#mandat-{m.pk}",
            quoi=_("Confirmer le mandat proposé (%(role)s) ou le refuser") % {"role": m.get_role_display().lower()},
            depuis=m.proposee_le or maintenant(),
            contexte=(m.comite.creneau.region_porteuse if m.comite.creneau_id else m.comite.region).nom,
        )
        for m in mandats
    ]


def taches_reglements(user) -> list[Tache]:
    """For a direction régionale: each règlement proposed in its region's comités, to confirm or refuse."""
    regions = roles_de(user).directions_regionales
    if not regions:
        return []
    reglements = (
        Reglement.objects.filter(etat=Reglement.Etat.PROPOSE)
        .filter(Q(comite__creneau__region_porteuse__in=regions) | Q(comite__creneau__isnull=True, comite__region__in=regions))
        .exclude(comite__creneau__statut__in=STATUTS_TERMINES)
        .select_related("comite__creneau__region_porteuse", "comite__region")
        .order_by("consigne_le", "pk")
    )
    return [
        Tache(
            titre=_("Règlement du %(comite)s") % {"comite": r.comite.nom},
            url=f"{r.comite.get_absolute_url()}#reglement",
            quoi=_("Confirmer ou refuser la modification du règlement proposée"),
            depuis=r.consigne_le,
            contexte=(r.comite.creneau.region_porteuse if r.comite.creneau_id else r.comite.region).nom,
        )
        for r in reglements
    ]
