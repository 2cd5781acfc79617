"""« À traiter » of the séances: for the bureau of a comité, a convened séance whose time has
come (to open) and an adjourned séance whose procès-verbal waits for its approval by this
person's role; for every member, a vote open on an item (to cast). Two queries at most."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creneaux.models import Mandat, Reunion
from creneaux.roles import roles_de
from noyau.horloge import maintenant
from noyau.taches import Tache
from seances.models import Point


def taches_seances(user) -> list[Tache]:
    roles = roles_de(user)
    if not roles.comites:
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
    personne = getattr(user, "personne", None)
    votes_ouverts = (
        Point.objects.filter(etat=Point.Etat.VOTE_OUVERT, seance__statut=Reunion.Statut.OUVERTE, seance__comite__in=roles.comites)
        .exclude(votes__personne=personne)
        .exclude(conflits__personne=personne)
        .filter(seance__comite__mandats__in=Mandat.objects.actifs().votants().filter(personne=personne))
        .select_related("seance__comite")
        .distinct()
        .order_by("vote_ouvert_le")
    )
    for p in votes_ouverts if personne is not None else ():
        taches.append(
            Tache(
                titre=p.titre,
                url=reverse("seances:en_cours", args=[p.seance_id]),
                quoi=_("Voter"),
                depuis=p.vote_ouvert_le,
                contexte=p.seance.comite.nom,
                genre="seances",
            )
        )
    return taches
