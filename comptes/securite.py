"""Security helpers shared by the log-in pages: the client's address, the event log, small
cache-based rate limits."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

from comptes.models import EvenementSecurite


def adresse_client(request):
    """The client's IP address: REMOTE_ADDR, or the last hop of X-Forwarded-For when a proxy is
    declared in front (SERVEUR_MANDATAIRE); never a value a client could choose otherwise."""
    adresse = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    if request is not None and settings.SERVEUR_MANDATAIRE:
        transmis = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if transmis:
            adresse = transmis.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(adresse))
    except ValueError:
        return None


def journaliser(type_, request=None, *, user=None, identifiant="", detail=""):
    if user is not None and not identifiant:
        identifiant = user.get_username()
    EvenementSecurite.objects.create(
        type=type_,
        user=user if user is not None and user.pk else None,
        identifiant=str(identifiant or "")[:150],
        adresse_ip=adresse_client(request),
        detail=str(detail)[:255],
    )


def depasse_limite(espace, valeur, limite, *, duree=3600):
    """Count one more request for `valeur` in `espace` and say whether `limite` per `duree`
    seconds is exceeded (the cache holds the counters: Redis in production)."""
    cle = f"limite:{espace}:{hashlib.sha256(str(valeur).lower().encode()).hexdigest()[:32]}"
    cache.add(cle, 0, timeout=duree)
    try:
        compte = cache.incr(cle)
    except ValueError:  # expired between add and incr
        cache.set(cle, 1, timeout=duree)
        compte = 1
    return compte > limite
