"""« À traiter » of the séances, for the bureau of a comité: a convened séance whose time has
come (to open) and an adjourned séance whose procès-verbal waits for its approval by this
person's role. One query, none for a member outside the bureau (an open vote is on their home
page already, in « Mes prochaines séances »)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux.models import Reunion
from creneaux.roles import roles_de
from noyau.a_traiter import Tache
from noyau.horloge import maintenant


def taches_seances(user) -> list[Tache]:
    roles = roles_de(user)
    if not (roles.presidences or roles.secretariats):
        return []
    maintenant_ = maintenant()
    taches = []
    pv_a_approuver = Q(statut=Reunion.Statut.LEVEE) & (
        Q(comite__in=roles.presidences, pv_president_par__isnull=True)
        | Q(comite__in=roles.secretariats, pv_secretaire_par__isnull=True)
    )
    a_ouvrir = Q(statut=Reunion.Statut.CONVOQUEE, comite__in=roles.presidences, date__lte=maintenant_)
    for s in Reunion.objects.filter(pv_a_approuver | a_ouvrir).select_related("comite").order_by("date"):
        ouvrir = s.statut == Reunion.Statut.CONVOQUEE
        taches.append(
            Tache(
                titre=_("Séance du %(d)s") % {"d": date_format(timezone.localtime(s.date), "j F Y H:i")},
                url=reverse("seances:en_cours", args=[s.pk]) if ouvrir else s.get_absolute_url(),
                quoi=_("Ouvrir la séance") if ouvrir else _("Approuver le procès-verbal"),
                depuis=s.date if ouvrir else s.levee_le,
                contexte=s.comite.nom,
                genre="seances",
            )
        )
    return taches
