"""« À traiter » for bilans: what the coordination must file and the direction régionale validate."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bilans.models import STATUTS_MODIFIABLES, BilanAnnuel, Statut
from creneaux.roles import roles_de
from noyau.taches import Tache

QUOI = {
    Statut.BROUILLON: gettext_lazy("Compléter et soumettre le bilan annuel"),
    Statut.A_REVISER: gettext_lazy("Réviser le bilan annuel renvoyé par la direction régionale"),
    Statut.SOUMIS: gettext_lazy("Accepter le bilan annuel ou le renvoyer pour révision"),
}


def taches_bilans(user):
    """One query whatever the number of bilans."""
    roles = roles_de(user)
    if not (roles.coordination or roles.directions_regionales):
        return []
    bilans = BilanAnnuel.objects.filter(
        Q(creneau__in=roles.coordination, statut__in=STATUTS_MODIFIABLES)
        | Q(creneau__region_porteuse__in=roles.directions_regionales, statut=Statut.SOUMIS)
    ).select_related("creneau__region_porteuse")
    return [
        Tache(
            titre=_("Bilan %(ex)s – %(creneau)s") % {"ex": b.libelle_exercice, "creneau": b.creneau.nom},
            url=b.get_absolute_url(),
            quoi=str(QUOI[b.statut]),
            depuis=b.statut_depuis,
            contexte=b.creneau.region_porteuse.nom,
        )
        for b in bilans
    ]
