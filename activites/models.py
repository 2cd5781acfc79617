"""What a créneau organises between two funding decisions: networking activities, information
sessions, business lunches, company visits, missions, training, symposiums. Each may serve an action
of the créneau's plan; the partnerships it gave rise to are named on it (a project names its own
origin: projets.Projet.activite). The bilan's activity indicators are computed from them."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Creneau, Organisation, PartenariatInternational, historique
from noyau.champs import TexteLibre
from plans.models import Action

PARTICIPANTS_MAX = 100_000


class Activite(models.Model):
    class Type(models.TextChoices):
        MAILLAGE = "maillage", _("Activité de maillage")
        INFORMATION = "information", _("Séance d'information")
        DEJEUNER = "dejeuner", _("Déjeuner-rencontre")
        VISITE = "visite", _("Visite d'entreprise")
        MISSION = "mission", _("Mission")
        FORMATION = "formation", _("Formation")
        SYMPOSIUM = "symposium", _("Symposium ou colloque")
        AUTRE = "autre", _("Autre")

    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="activites", verbose_name=_("créneau"))
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    titre = models.CharField(_("titre"), max_length=200)
    date = models.DateField(_("date"))
    lieu = models.CharField(_("lieu"), max_length=200)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="activites", verbose_name=_("organisations participantes")
    )
    participants = models.PositiveIntegerField(
        _("nombre de participants"), null=True, blank=True, validators=[MaxValueValidator(PARTICIPANTS_MAX)]
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activites",
        verbose_name=_("action du plan"),
        help_text=_("L'action du plan d'action du créneau que sert cette activité."),
    )
    partenariats = models.ManyToManyField(
        PartenariatInternational,
        blank=True,
        related_name="activites_origine",
        verbose_name=_("partenariats issus de l'activité"),
    )
    description = TexteLibre(_("description"), blank=True)
    history = historique(m2m_fields=["organisations", "partenariats"])

    class Meta:
        ordering = ["-date", "titre"]
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        constraints = [
            models.CheckConstraint(condition=Q(date__gte="1990-01-01") & Q(date__lte="2100-12-31"), name="activite_date_bornee")
        ]

    def __str__(self):
        return f"{self.titre} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("activites:creneau", args=[self.creneau.slug]) + f"#activite-{self.pk}"
