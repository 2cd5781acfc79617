"""Who calls the API (a personal token, `Authorization: Bearer accord_…`) and how often
(a fixed window per account in the cache: at most settings.API_LIMITE_REQUETES requests every
settings.API_LIMITE_SECONDES seconds, then 429 with Retry-After)."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from api.models import PREFIXE, JetonAPI, empreinte
from noyau.horloge import maintenant

# The last-use date is written at most this often (not one UPDATE per request).
PRECISION_UTILISATION = timedelta(minutes=5)


class JetonPersonnel(HttpBearer):
    def authenticate(self, request, token):
        if not token or not token.startswith(PREFIXE) or len(token) > 200:
            return None
        jeton = JetonAPI.objects.actifs().select_related("user").filter(empreinte=empreinte(token)).first()
        if jeton is None:
            return None
        moment = maintenant()
        if jeton.utilise_le is None or moment - jeton.utilise_le > PRECISION_UTILISATION:
            JetonAPI.objects.filter(pk=jeton.pk).update(utilise_le=moment)
        # The API reads as this account: the same roles, rules and selectors as its pages.
        request.user = jeton.user
        return jeton.user


class LimiteParCompte(BaseThrottle):
    def allow_request(self, request):
        user = getattr(request, "auth", None)
        if user is None:
            return True
        limite, duree = settings.API_LIMITE_REQUETES, settings.API_LIMITE_SECONDES
        instant = time.time()
        fenetre = int(instant // duree)
        cle = f"api:limite:{user.pk}:{fenetre}"
        cache.add(cle, 0, duree + 1)
        try:
            n = cache.incr(cle)
        except ValueError:  # expired between add and incr
            cache.set(cle, 1, duree + 1)
            n = 1
        self.attente = max(1, int((fenetre + 1) * duree - instant) + 1)
        return n <= limite

    def wait(self):
        return getattr(self, "attente", None)
