"""Who must act next: the user accounts behind each role of docs/permissions.md (for e-mails)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from creneaux.models import Comite, Mandat, actif_q

User = get_user_model()


def _actifs(qs):
    return qs.filter(is_active=True).exclude(email="").distinct()


def coordination(creneau):
    return _actifs(User.objects.filter(actif_q("personne__coordinations__"), personne__coordinations__creneau=creneau))


def bureau_resolution(creneau):
    """Président·e / secrétaire of the comités that adopt the créneau's résolutions."""
    comites = [c.pk for c in Comite.objects.filter(creneau=creneau) if c.adopte_resolutions]
    return _bureau(comites)


def bureau_comite_regional(region):
    return _bureau(Comite.objects.filter(type=Comite.Type.REGIONAL, region=region).values("pk"))


def _bureau(comites):
    mandats = Mandat.objects.actifs().confirmes().filter(comite__in=comites, role__in=Mandat.ROLES_BUREAU)
    return _actifs(User.objects.filter(personne__mandats__in=mandats))


def direction_regionale(region):
    return _actifs(User.objects.filter(actif_q("affectations__"), affectations__niveau="regional", affectations__region=region))


def ministere_central():
    return _actifs(User.objects.filter(actif_q("affectations__"), affectations__niveau="central"))


def membres(comite):
    """Every member of `comite` with an account (convocations): confirmed mandates and observers;
    a proposed mandate gives no seat until the direction régionale confirms it."""
    mandats = Mandat.objects.actifs().filter(comite=comite).filter(Q(confirme_le__isnull=False) | Q(role=Mandat.Role.OBSERVATEUR))
    return _actifs(User.objects.filter(personne__mandats__in=mandats))
