"""Personal API tokens: made by their owner on their account page, shown once, kept only as a
SHA-256 digest (a token is 256 random bits: a slow hash adds nothing), revocable."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from noyau.horloge import maintenant

# Every token starts with this prefix (secret scanners and people recognise it).
PREFIXE = "accord_"


def empreinte(clair):
    return hashlib.sha256(clair.encode()).hexdigest()


class JetonQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(revoque_le__isnull=True, user__is_active=True)


class JetonAPI(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jetons_api", verbose_name=_("compte")
    )
    nom = models.CharField(_("nom"), max_length=100, help_text=_("Pour vous rappeler à quoi sert ce jeton."))
    # The first characters of the token, to tell tokens apart (never enough to use it).
    debut = models.CharField(_("début du jeton"), max_length=16)
    empreinte = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    cree_le = models.DateTimeField(_("créé le"), default=maintenant, editable=False)
    utilise_le = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoque_le = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = JetonQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoque_le__isnull=True) | Q(revoque_le__gte=models.F("cree_le")), name="jeton_revoque_apres_creation"
            )
        ]

    def __str__(self):
        return f"{self.nom} ({self.debut}…)"

    @property
    def actif(self):
        return self.revoque_le is None
