from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from noyau.champs import TexteLibre


class Region(models.Model):
    """One of Québec's 17 administrative regions (loaded by a data migration)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    nom = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region_ressource = models.BooleanField(
        _("région ressource"),
        default=False,
        help_text=_("Les régions ressources ont une enveloppe FSDCE majorée."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        constraints = [models.CheckConstraint(condition=models.Q(code__regex=r"^(0[1-9]|1[0-7])$"), name="region_code_officiel")]

    def __str__(self):
        return f"{self.code} – {self.nom}"

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.slug])


class PrioriteRegionale(models.Model):
    """A numbered regional priority (2018-2022 OVT priorities); projects and créneaux link to it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="priorites", verbose_name=_("région"))
    territoire = models.CharField(_("territoire"), max_length=100, blank=True)
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("titre"), max_length=400)
    texte = TexteLibre(_("texte"), blank=True)

    class Meta:
        ordering = ["region__code", "territoire", "numero"]
        verbose_name = _("priorité régionale")
        verbose_name_plural = _("priorités régionales")
        constraints = [models.UniqueConstraint(fields=["region", "territoire", "numero"], name="priorite_numero_unique")]

    def __str__(self):
        terr = f" ({self.territoire})" if self.territoire and self.territoire != self.region.nom else ""
        return gettext("%(region)s – priorité %(n)s") % {"region": f"{self.region.nom}{terr}", "n": self.numero}
