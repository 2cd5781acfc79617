from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


def historique():
    """Who changed a row, when, and why (a reason of any length): kept by the Ministère's verbs."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True))


class StrategieRegionale(models.Model):
    """A region's strategy over a period (« Stratégie … 2018-2022 »): it carries the region's numbered
    priorities. Recorded and changed by the Ministère in the portal (plans.actions)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("région"))
    titre = models.CharField(_("titre"), max_length=300)
    debut = models.PositiveSmallIntegerField(_("première année"))
    fin = models.PositiveSmallIntegerField(_("dernière année"))
    history = historique()

    class Meta:
        ordering = ["region__code", "-debut"]
        verbose_name = _("stratégie régionale")
        verbose_name_plural = _("stratégies régionales")
        constraints = [
            models.CheckConstraint(
                condition=Q(debut__gte=1990, fin__lte=2100, fin__gte=F("debut")),
                name="strategie_periode_bornee",
                violation_error_message=_(
                    "La période va d'une année à une autre, la seconde après la première, entre 1990 et 2100."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "titre", "debut"],
                name="strategie_unique_par_region",
                violation_error_message=_("Cette région a déjà une stratégie de ce titre pour cette période."),
            ),
        ]

    def __str__(self):
        return f"{self.titre} {self.periode}"

    def get_absolute_url(self):
        return reverse("strategies:strategie", args=[self.pk])

    @property
    def periode(self):
        return f"{self.debut}-{self.fin}"


# A priority's title in a list of choices is cut at this length (titles run to 400 characters).
LIBELLE_CHOIX_MAX = 70


class PrioriteRegionale(models.Model):
    """A numbered priority of a regional strategy (2018-2022 OVT priorities); projects, créneaux
    and partners' actions link to it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="priorites", verbose_name=_("région"))
    strategie = models.ForeignKey(
        StrategieRegionale, on_delete=models.PROTECT, related_name="priorites", verbose_name=_("stratégie")
    )
    territoire = models.CharField(_("territoire"), max_length=100, blank=True)
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("titre"), max_length=400)
    texte = TexteLibre(_("texte"), blank=True)
    history = historique()

    class Meta:
        ordering = ["region__code", "territoire", "numero"]
        verbose_name = _("priorité régionale")
        verbose_name_plural = _("priorités régionales")
        constraints = [
            models.UniqueConstraint(
                fields=["strategie", "territoire", "numero"],
                name="priorite_numero_unique",
                violation_error_message=_(
                    "Ce numéro est déjà celui d'une autre priorité de cette stratégie (et de ce territoire)."
                ),
            )
        ]

    def __str__(self):
        return gettext("%(region)s – priorité %(n)s") % {"region": self._lieu(), "n": self.numero}

    def _lieu(self):
        return (
            f"{self.region.nom} ({self.territoire})"
            if self.territoire and self.territoire != self.region.nom
            else self.region.nom
        )

    def libelle_choix(self):
        """Its label in a list to pick from: the number alone does not say which priority it is."""
        titre = self.titre
        if len(titre) > LIBELLE_CHOIX_MAX:  # cut between words
            titre = titre[:LIBELLE_CHOIX_MAX].rsplit(" ", 1)[0].rstrip(",;:") + " …"
        return gettext("%(region)s – %(n)s. %(titre)s") % {"region": self._lieu(), "n": self.numero, "titre": titre}
