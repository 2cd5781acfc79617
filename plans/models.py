"""Stratégie et plan d'action of a créneau: plan → axes → objectifs → actions."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Comite, Creneau, Entente, Organisation, Reunion, historique
from noyau.champs import TexteLibre
from noyau.exercices import bornes
from regions.models import PrioriteRegionale, Region


class PlanQuerySet(models.QuerySet):
    def couvrant(self, exercice):
        """Plans whose period overlaps `exercice`, the approved and most recent first."""
        debut, fin = bornes(exercice)
        return self.filter(debut__lte=fin, fin__gte=debut).order_by(
            models.Case(models.When(statut="approuve", then=0), default=1), "-debut"
        )

    def pour_detail(self):
        # Projects point at actions from a higher layer (projets): reach them through the reverse
        # relation they declare rather than importing them.
        projets = Action._meta.get_field("projets").related_model.objects.only("pk", "numero", "titre", "statut", "action")
        return self.select_related("creneau__region_porteuse", "adopte_par", "entente").prefetch_related(
            "axes__objectifs__actions",
            "axes__objectifs__actions__priorites",
            models.Prefetch("axes__objectifs__actions__projets", queryset=projets),
        )


class PlanAction(models.Model):
    class Statut(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        APPROUVE = "approuve", _("Approuvé")

    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="plans", verbose_name=_("créneau"))
    debut = models.DateField(_("début de la période"))
    fin = models.DateField(_("fin de la période"))
    vision = TexteLibre(_("vision"), blank=True)
    mission = TexteLibre(_("mission"), blank=True)
    statut = models.CharField(_("statut"), max_length=12, choices=Statut.choices, default=Statut.PREPARATION)
    adopte_par = models.ForeignKey(
        Comite, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans_adoptes", verbose_name=_("adopté par")
    )
    adopte_le = models.DateField(_("adopté le"), null=True, blank=True)
    # The séance and résolution that adopted it (none for a plan adopted before the portal ran séances).
    adopte_seance = models.ForeignKey(
        Reunion, on_delete=models.PROTECT, null=True, blank=True, related_name="plans_adoptes", verbose_name=_("adopté en séance")
    )
    adopte_resolution = models.CharField(_("résolution d'adoption"), max_length=40, blank=True)
    entente = models.ForeignKey(
        Entente,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("entente de mise en œuvre"),
        help_text=_("L'entente dont le plan couvre la période (environ cinq ans)."),
    )

    # Optimistic lock of the plan's edit forms (the plan's and its elements'): bumped by every change.
    version = models.PositiveIntegerField(_("version"), default=1)
    objects = PlanQuerySet.as_manager()
    # Who changed what and when: every verb of plans.actions records its author and reason here.
    history = historique()

    class Meta:
        ordering = ["creneau", "-debut"]
        verbose_name = _("stratégie et plan d'action")
        verbose_name_plural = _("stratégies et plans d'action")
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("debut")),
                name="plan_fin_apres_debut",
                violation_error_message=_("La période doit finir après son début."),
            ),
            models.CheckConstraint(
                condition=~Q(statut="approuve") | Q(adopte_par__isnull=False, adopte_le__isnull=False),
                name="plan_approuve_adopte",
            ),
        ]

    def __str__(self):
        return f"{self.creneau.nom} {self.debut:%Y}-{self.fin:%Y}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def approuve(self):
        return self.statut == self.Statut.APPROUVE


class Axe(models.Model):
    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan"))
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("titre"), max_length=300)
    history = historique()

    class Meta:
        ordering = ["plan", "numero"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        constraints = [models.UniqueConstraint(fields=["plan", "numero"], name="axe_numero_unique")]

    def __str__(self):
        return f"{self.numero}. {self.titre}"


class Objectif(models.Model):
    axe = models.ForeignKey(Axe, on_delete=models.CASCADE, related_name="objectifs", verbose_name=_("axe"))
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("titre"), max_length=300)
    history = historique()

    class Meta:
        ordering = ["axe", "numero"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        constraints = [models.UniqueConstraint(fields=["axe", "numero"], name="objectif_numero_unique")]

    def __str__(self):
        return f"{self.axe.numero}.{self.numero} {self.titre}"


class Action(models.Model):
    objectif = models.ForeignKey(Objectif, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objectif"))
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("titre"), max_length=300)
    responsable = models.CharField(_("responsable"), max_length=200, blank=True)
    echeance = models.DateField(_("échéance"), null=True, blank=True)
    indicateur = models.CharField(_("indicateur"), max_length=300, blank=True)
    valeur_depart = models.DecimalField(_("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True)
    cible = models.DecimalField(_("cible"), max_digits=14, decimal_places=2, null=True, blank=True)
    priorites = models.ManyToManyField(
        PrioriteRegionale, blank=True, related_name="actions_de_plan", verbose_name=_("priorités régionales")
    )
    history = historique(m2m_fields=["priorites"])

    class Meta:
        ordering = ["objectif", "numero"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [models.UniqueConstraint(fields=["objectif", "numero"], name="action_numero_unique")]

    def __str__(self):
        return self.titre


def plan_de(obj):
    """The plan of an axe, objectif or action."""
    while not isinstance(obj, PlanAction):
        obj = getattr(obj, "plan", None) or getattr(obj, "axe", None) or obj.objectif
    return obj


NUMERO_PRIS = _("Ce numéro est déjà utilisé.")
# The parent of each element of a plan (its number is unique within it).
PARENT = {Axe: "plan", Objectif: "axe", Action: "objectif"}


def numero_pris(element, numero):
    """Whether another element of `element`'s parent already bears `numero`."""
    parent = PARENT[type(element)]
    freres = type(element).objects.filter(**{f"{parent}_id": getattr(element, f"{parent}_id"), "numero": numero})
    return freres.exclude(pk=element.pk).exists()


def plan_adopte_pour_reconnaissance(creneau, jour):
    """A refusal message unless the créneau has a plan d'action adopted on or before `jour`."""
    if PlanAction.objects.filter(creneau=creneau, statut=PlanAction.Statut.APPROUVE, adopte_le__lte=jour).exists():
        return ""
    return str(_("Aucune stratégie et plan d'action du créneau n'est adoptée."))


# ---------------------------------------------------------------------------------------------
# Partner bodies' action plans (Investissement Québec…), answering regional priorities


class PlanPartenaire(models.Model):
    """The action plan of a partner body (an organisation such as Investissement Québec) over a
    period: actions with their indicator and target, each answering regional priorities. Recorded
    by the Ministère (plans.actions); its page and its PDF are public."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans_partenaires", verbose_name=_("organisation partenaire")
    )
    titre = models.CharField(_("titre"), max_length=300)
    debut = models.PositiveSmallIntegerField(_("première année"))
    fin = models.PositiveSmallIntegerField(_("dernière année"))
    description = TexteLibre(_("présentation"), blank=True)
    history = historique()

    class Meta:
        ordering = ["organisation__nom", "-debut"]
        verbose_name = _("plan d'action d'un partenaire")
        verbose_name_plural = _("plans d'action des partenaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(debut__gte=1990, fin__lte=2100, fin__gte=F("debut")),
                name="plan_partenaire_periode_bornee",
                violation_error_message=_(
                    "La période va d'une année à une autre, la seconde après la première, entre 1990 et 2100."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation.nom} – {self.titre} {self.periode}"

    def get_absolute_url(self):
        return reverse("strategies:plan_partenaire", args=[self.pk])

    @property
    def periode(self):
        return f"{self.debut}-{self.fin}"


class ActionPartenaire(models.Model):
    """One action of a partner's plan: its indicator and target, the regional priorities it
    answers and the regions concerned (at least those of its priorities)."""

    plan = models.ForeignKey(PlanPartenaire, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    numero = models.PositiveSmallIntegerField(_("numéro"))
    titre = models.CharField(_("action"), max_length=400)
    indicateur = models.CharField(_("indicateur"), max_length=300)
    cible = models.CharField(_("cible"), max_length=200, help_text=_("Par exemple : « 40 entreprises accompagnées d'ici 2022 »."))
    priorites = models.ManyToManyField(
        PrioriteRegionale, blank=True, related_name="actions_partenaires", verbose_name=_("priorités régionales")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="actions_partenaires", verbose_name=_("régions concernées"))
    history = historique(m2m_fields=["priorites", "regions"])

    class Meta:
        ordering = ["plan", "numero"]
        verbose_name = _("action d'un partenaire")
        verbose_name_plural = _("actions des partenaires")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "numero"], name="action_partenaire_numero_unique", violation_error_message=NUMERO_PRIS
            )
        ]

    def __str__(self):
        return f"{self.numero}. {self.titre}"
