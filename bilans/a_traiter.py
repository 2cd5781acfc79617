"""« À traiter » for bilans: what the coordination must file and the direction régionale validate.

A bilan still to be filed says its due date: « à déposer avant le 30 juin 2027 », or, once past,
« en retard depuis le 30 juin 2026 (N jours) »."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bilans.models import STATUTS_MODIFIABLES, BilanAnnuel, Statut
from creneaux.roles import roles_de
from noyau.a_traiter import Tache
from noyau.horloge import aujourdhui
from noyau.templatetags.formats import date_longue

QUOI = {
    Statut.BROUILLON: gettext_lazy("Compléter et soumettre le bilan annuel"),
    Statut.A_REVISER: gettext_lazy("Réviser le bilan annuel renvoyé par la direction régionale"),
    Statut.SOUMIS: gettext_lazy("Accepter le bilan annuel ou le renvoyer pour révision"),
}


def delai(bilan, jour):
    """The due date of a bilan never filed: still ahead, or how late it is on `jour`."""
    if bilan.premiere_soumission is not None:
        return ""  # filed once (now returned for revision): its lateness stopped then
    du = bilan.echeance
    if jour <= du:
        return _("à déposer avant le %(date)s") % {"date": date_longue(du)}
    jours = (jour - du).days
    return ngettext("en retard depuis le %(date)s (%(n)s jour)", "en retard depuis le %(date)s (%(n)s jours)", jours) % {
        "date": date_longue(du),
        "n": jours,
    }


def _quoi(bilan, jour):
    quoi = str(QUOI[bilan.statut])
    if bilan.statut in STATUTS_MODIFIABLES and (d := delai(bilan, jour)):
        return f"{quoi} · {d}"
    return quoi


def taches_bilans(user):
    """One query whatever the number of bilans."""
    roles = roles_de(user)
    if not (roles.coordination or roles.directions_regionales):
        return []
    bilans = BilanAnnuel.objects.filter(
        Q(creneau__in=roles.coordination, statut__in=STATUTS_MODIFIABLES)
        | Q(creneau__region_porteuse__in=roles.directions_regionales, statut=Statut.SOUMIS)
    ).select_related("creneau__region_porteuse")
    jour = aujourdhui()
    return [
        Tache(
            titre=_("Bilan %(ex)s – %(creneau)s") % {"ex": b.libelle_exercice, "creneau": b.creneau.nom},
            url=b.get_absolute_url(),
            quoi=_quoi(b, jour),
            depuis=b.statut_depuis,
            contexte=b.creneau.region_porteuse.nom,
        )
        for b in bilans
    ]
