"""« À traiter » of the créneaux: collaborations proposed to a créneau the user coordinates (to
accept or decline) and those its créneau proposed, still waiting for the other's answer. One query."""

from django.db.models import Q
from django.utils.translation import gettext as _

from creneaux.models import DemandeCollaboration
from creneaux.roles import roles_de
from noyau.taches import Tache


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
                    _("Accepter ou décliner la collaboration proposée par %(c)s") % {"c": d.demandeur.nom}
                    if recue
                    else _("En attente de la réponse de %(c)s") % {"c": d.creneau.nom}
                ),
                depuis=d.demandee_le,
                contexte=d.creneau.nom if recue else d.demandeur.nom,
            )
        )
    return taches
