from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region


class AffectationMinistere(models.Model):
    """Ministry staff: assigned to a direction régionale or to the central office.

    Roles come from data like this row (and active Mandat / Coordination rows), never from
    hand-kept groups.
    """

    class Niveau(models.TextChoices):
        REGIONAL = "regional", _("Direction régionale")
        CENTRAL = "central", _("Ministère central")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affectations", verbose_name=_("compte")
    )
    niveau = models.CharField(_("niveau"), max_length=10, choices=Niveau.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="affectations", verbose_name=_("région")
    )
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("affectation au Ministère")
        verbose_name_plural = _("affectations au Ministère")
        constraints = [
            models.CheckConstraint(
                condition=Q(niveau="regional", region__isnull=False) | Q(niveau="central", region__isnull=True),
                name="affectation_region_selon_niveau",
            ),
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="affectation_fin_apres_debut"),
        ]

    def __str__(self):
        return f"{self.user} – {self.region or self.get_niveau_display()}"


class EvenementSecurite(models.Model):
    """What administrators read after an incident: failed and locked log-ins, 2FA changes,
    refused second factors, throttled password resets. Written only by comptes.securite."""

    class Type(models.TextChoices):
        CONNEXION_ECHOUEE = "connexion_echouee", _("Connexion refusée (mot de passe)")
        VERROUILLAGE = "verrouillage", _("Compte verrouillé après trop d'échecs")
        DF_ACTIVEE = "df_activee", _("Double authentification activée")
        DF_DESACTIVEE = "df_desactivee", _("Double authentification désactivée")
        CODES_REGENERES = "codes_regeneres", _("Nouveaux codes de secours")
        CODE_SECOURS_UTILISE = "code_secours", _("Connexion avec un code de secours")
        CODE_REFUSE = "code_refuse", _("Code de double authentification refusé")
        REINITIALISATION_LIMITEE = "reinitialisation_limitee", _("Réinitialisation du mot de passe limitée")

    moment = models.DateTimeField(_("moment"), auto_now_add=True, db_index=True)
    type = models.CharField(_("événement"), max_length=30, choices=Type.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenements_securite",
        verbose_name=_("compte"),
    )
    identifiant = models.CharField(_("identifiant saisi"), max_length=150, blank=True)
    adresse_ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    detail = models.CharField(_("détail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("événement de sécurité")
        verbose_name_plural = _("événements de sécurité")
        ordering = ["-moment"]

    def __str__(self):
        return f"{self.moment:%Y-%m-%d %H:%M} {self.get_type_display()} {self.identifiant}"


class Preferences(models.Model):
    """A user's own settings: the interface language chosen with the header switch (applied at
    log-in, and used for the e-mails and documents made for this user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("compte")
    )
    langue = models.CharField(_("langue"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("préférences")
        verbose_name_plural = _("préférences")

    def __str__(self):
        return f"{self.user} – {self.langue}"


def langue_de(user):
    """The language `user` chose (None if never chosen, or anonymous)."""
    if user is None or not user.is_authenticated:
        return None
    return Preferences.objects.filter(user=user).values_list("langue", flat=True).first()


def retenir_langue(user, langue):
    """Save `langue` as the choice of `user` (nothing for an anonymous visitor)."""
    if user is not None and user.is_authenticated:
        Preferences.objects.update_or_create(user=user, defaults={"langue": langue})
