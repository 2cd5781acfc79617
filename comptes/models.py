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
