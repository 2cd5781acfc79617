"""The agenda, conflicts of interest and votes of a séance (docs/seances.md).

The séance itself is `creneaux.Reunion` (its date, mode, state, attendance and procès-verbal):
projects' decisions and répartitions point to it. Everything here changes only through
`seances.actions`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bilans.models import BilanAnnuel
from creneaux.models import Personne, Reunion
from noyau.champs import NOTE_MAX, TexteLibre
from plans.models import PlanAction
from projets.models import Decision, Enveloppe, Projet, Repartition


class PointQuerySet(models.QuerySet):
    def pour_seance(self):
        """What the séance pages show of each item, in one query per relation."""
        return self.select_related(
            "projet__creneau",
            "projet__porteur",
            "enveloppe__programme",
            "enveloppe__region",
            "plan__creneau",
            "bilan__creneau",
            "decision",
            "repartition",
            "confirme_par",
            "decompte_confirme__saisi_par",
        ).prefetch_related(
            models.Prefetch("votes", queryset=Vote.objects.select_related("personne")),
            models.Prefetch("conflits", queryset=ConflitInteret.objects.select_related("personne")),
            "projet__partenaires",
        )


class Point(models.Model):
    """An item of a séance's agenda."""

    class Type(models.TextChoices):
        PROJET = "projet", _("Projet")
        REPARTITION = "repartition", _("Répartition de l'enveloppe")
        PLAN = "plan", _("Plan d'action")
        BILAN = "bilan", _("Bilan annuel")
        LIBRE = "libre", _("Point libre")

    class Etat(models.TextChoices):
        INSCRIT = "inscrit", _("À l'ordre du jour")
        VOTE_OUVERT = "vote_ouvert", _("Vote ouvert")
        DECIDE = "decide", _("Décidé")
        SANS_DECISION = "sans_decision", _("Sans décision")

    class Proposition(models.TextChoices):
        ADOPTER = "adopter", _("Adopter (ou approuver)")
        RENVOYER = "renvoyer", _("Renvoyer pour complément")

    class Issue(models.TextChoices):
        ADOPTEE = "adoptee", _("Proposition adoptée")
        REJETEE = "rejetee", _("Proposition rejetée")

    seance = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="points", verbose_name=_("séance"))
    ordre = models.PositiveSmallIntegerField(_("ordre"))
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    titre = models.CharField(_("titre"), max_length=250)
    texte = TexteLibre(_("proposition de résolution"), blank=True, max_length=NOTE_MAX)
    projet = models.ForeignKey(
        Projet, on_delete=models.PROTECT, null=True, blank=True, related_name="points", verbose_name=_("projet")
    )
    enveloppe = models.ForeignKey(
        Enveloppe, on_delete=models.PROTECT, null=True, blank=True, related_name="points", verbose_name=_("enveloppe")
    )
    # The répartition put to the vote: {créneau id: amount as a string}.
    parts = models.JSONField(_("parts proposées"), null=True, blank=True)
    plan = models.ForeignKey(
        PlanAction, on_delete=models.PROTECT, null=True, blank=True, related_name="points", verbose_name=_("plan")
    )
    bilan = models.ForeignKey(
        BilanAnnuel, on_delete=models.PROTECT, null=True, blank=True, related_name="points", verbose_name=_("bilan")
    )
    etat = models.CharField(_("état"), max_length=14, choices=Etat.choices, default=Etat.INSCRIT)
    proposition = models.CharField(_("proposition"), max_length=10, choices=Proposition.choices, blank=True)
    motif_renvoi = TexteLibre(_("motif du renvoi"), blank=True, max_length=NOTE_MAX)
    vote_ouvert_le = models.DateTimeField(_("vote ouvert le"), null=True, blank=True)
    # The outcome, frozen at closing.
    issue = models.CharField(_("issue"), max_length=10, choices=Issue.choices, blank=True)
    pour = models.PositiveSmallIntegerField(_("pour"), null=True, blank=True)
    contre = models.PositiveSmallIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    numero_resolution = models.CharField(_("numéro de résolution"), max_length=40, blank=True)
    clos_le = models.DateTimeField(_("clos le"), null=True, blank=True)
    # Who closed the vote: the chair, or nobody for a consultation électronique closed by the
    # portal at its deadline (`clos_par_systeme`).
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("clos par")
    )
    clos_par_systeme = models.BooleanField(_("clos par le portail (échéance)"), default=False)
    # The show-of-hands tally the chair confirmed, when the item was decided by show of hands.
    decompte_confirme = models.OneToOneField(
        "DecompteMainLevee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décompte à main levée confirmé"),
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="point", verbose_name=_("décision")
    )
    repartition = models.OneToOneField(
        Repartition, on_delete=models.PROTECT, null=True, blank=True, related_name="point", verbose_name=_("répartition")
    )

    objects = PointQuerySet.as_manager()

    class Meta:
        ordering = ["seance", "ordre", "pk"]
        verbose_name = _("point à l'ordre du jour")
        verbose_name_plural = _("points à l'ordre du jour")
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "projet"], condition=Q(projet__isnull=False), name="un_point_par_projet_et_seance"
            ),
            models.CheckConstraint(
                condition=Q(type="projet", projet__isnull=False) | ~Q(type="projet"), name="point_projet_a_un_projet"
            ),
            models.CheckConstraint(
                condition=Q(type="repartition", enveloppe__isnull=False, parts__isnull=False) | ~Q(type="repartition"),
                name="point_repartition_a_ses_parts",
            ),
            models.CheckConstraint(condition=Q(type="plan", plan__isnull=False) | ~Q(type="plan"), name="point_plan_a_un_plan"),
            models.CheckConstraint(
                condition=Q(type="bilan", bilan__isnull=False) | ~Q(type="bilan"), name="point_bilan_a_un_bilan"
            ),
            models.CheckConstraint(
                condition=~Q(etat="decide") | (Q(issue__gt="") & Q(pour__isnull=False) & Q(clos_le__isnull=False)),
                name="point_decide_a_son_decompte",
            ),
        ]

    def __str__(self):
        return f"{self.ordre}. {self.titre}"

    @property
    def ouvert(self):
        return self.etat == self.Etat.VOTE_OUVERT

    @property
    def clos(self):
        return self.etat in (self.Etat.DECIDE, self.Etat.SANS_DECISION)

    def dernier_decompte(self):
        """The last show-of-hands tally typed on the item: the one the chair is shown and confirms."""
        return self.decomptes.select_related("saisi_par").order_by("-saisi_le", "-pk").first()


class Vote(models.Model):
    """A member's named vote on an item. One per member and item; never changed."""

    class Choix(models.TextChoices):
        POUR = "pour", _("Pour")
        CONTRE = "contre", _("Contre")
        ABSTENTION = "abstention", _("Abstention")

    point = models.ForeignKey(Point, on_delete=models.CASCADE, related_name="votes", verbose_name=_("point"))
    personne = models.ForeignKey(Personne, on_delete=models.PROTECT, related_name="votes", verbose_name=_("membre"))
    choix = models.CharField(_("vote"), max_length=10, choices=Choix.choices)
    horodatage = models.DateTimeField(_("horodatage"))

    class Meta:
        ordering = ["point", "personne__nom", "personne__prenom"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["point", "personne"], name="un_vote_par_membre_et_point")]

    def __str__(self):
        return f"{self.personne} – {self.get_choix_display()}"


class DecompteMainLevee(models.Model):
    """A show-of-hands tally typed by the secretary on an item whose members do not vote in the
    portal. Append-only: a correction is a new tally; the chair confirms one of them by its id
    (the one shown), which then decides the item."""

    point = models.ForeignKey(Point, on_delete=models.CASCADE, related_name="decomptes", verbose_name=_("point"))
    pour = models.PositiveSmallIntegerField(_("pour"))
    contre = models.PositiveSmallIntegerField(_("contre"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"))
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )
    saisi_le = models.DateTimeField(_("saisi le"))

    class Meta:
        ordering = ["point", "saisi_le", "pk"]
        verbose_name = _("décompte à main levée")
        verbose_name_plural = _("décomptes à main levée")
        constraints = [
            models.CheckConstraint(
                condition=Q(pour__gt=0) | Q(contre__gt=0) | Q(abstentions__gt=0), name="decompte_compte_au_moins_un_vote"
            )
        ]

    def __str__(self):
        return f"{self.point} – {self.pour}/{self.contre}/{self.abstentions}"

    @property
    def total(self):
        return self.pour + self.contre + self.abstentions


class ConflitInteret(models.Model):
    """A member in conflict of interest on an item: declared by the member (with a note), or
    found by the portal (the member's organisation is the porteur or a partner; the member filed,
    submitted or coordinates the project). Such a member does not vote on the item."""

    class Source(models.TextChoices):
        DECLARE = "declare", _("Déclaré par le membre")
        ORGANISATION = "organisation", _("Organisation porteuse ou partenaire")
        ROLE = "role", _("Coordination, dépôt ou soumission du projet")

    point = models.ForeignKey(Point, on_delete=models.CASCADE, related_name="conflits", verbose_name=_("point"))
    personne = models.ForeignKey(Personne, on_delete=models.PROTECT, related_name="conflits", verbose_name=_("membre"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    note = TexteLibre(_("note"), blank=True, max_length=NOTE_MAX)
    horodatage = models.DateTimeField(_("horodatage"))

    class Meta:
        ordering = ["point", "personne__nom"]
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [models.UniqueConstraint(fields=["point", "personne"], name="un_conflit_par_membre_et_point")]

    def __str__(self):
        return f"{self.personne} – {self.point}"


class ProcesVerbalFige(models.Model):
    """What the approved procès-verbal of a séance says, frozen when its second approval is given:
    the séance's own records (presences, quorum, conflicts, each item with its proposition,
    résolution number, tally and named votes, approvals) as they stood then. The PDF is rendered
    from this record only, never again from live data."""

    seance = models.OneToOneField(Reunion, on_delete=models.PROTECT, related_name="pv_fige", verbose_name=_("séance"))
    donnees = models.JSONField(_("contenu figé"))
    fige_le = models.DateTimeField(_("figé le"))

    class Meta:
        verbose_name = _("procès-verbal figé")
        verbose_name_plural = _("procès-verbaux figés")

    def __str__(self):
        return str(self.seance)


class ChangementSeance(models.Model):
    """A séance rescheduled or cancelled before it opens (seances.actions.reporter, annuler): the
    dated record of what it was, what it became, why and by whom. The séance's history
    (simple_history) keeps its former rows as well."""

    class Sorte(models.TextChoices):
        REPORT = "report", _("Report")
        ANNULATION = "annulation", _("Annulation")

    seance = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="changements", verbose_name=_("séance"))
    sorte = models.CharField(_("changement"), max_length=10, choices=Sorte.choices)
    ancienne_date = models.DateTimeField(_("ancienne date"))
    nouvelle_date = models.DateTimeField(_("nouvelle date"), null=True, blank=True)
    ancien_lieu = models.CharField(_("ancien lieu"), max_length=200, blank=True)
    ancien_lien = models.URLField(_("ancien lien de visioconférence"), blank=True)
    motif = TexteLibre(_("motif"), max_length=NOTE_MAX)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par"))
    horodatage = models.DateTimeField(_("horodatage"))

    class Meta:
        ordering = ["seance", "horodatage", "pk"]
        verbose_name = _("report ou annulation de séance")
        verbose_name_plural = _("reports et annulations de séances")
        constraints = [
            models.CheckConstraint(
                condition=Q(sorte="annulation") | Q(nouvelle_date__isnull=False), name="report_a_une_nouvelle_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_sorte_display()} – {self.seance}"


class JetonCalendrier(models.Model):
    """The secret of a person's calendar feed (seances.calendrier): whoever has the address reads
    the séances of the person's comités, until the person renews or revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jeton_calendrier", verbose_name=_("utilisateur")
    )
    jeton = models.CharField(_("jeton"), max_length=64, unique=True)
    cree_le = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("jeton de calendrier")
        verbose_name_plural = _("jetons de calendrier")

    def __str__(self):
        return str(self.user)
