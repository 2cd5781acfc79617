"""Bilan annuel of a créneau (one per exercice): sections, indicators, progress of the plan's
actions, programmation of the next exercice, and the validation circuit's history."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creneaux.models import Comite, Creneau, Enjeu, Reunion
from noyau.champs import NOTE_MAX, LibellesDeChoix, TexteLibre
from noyau.exercices import libelle
from noyau.historique import AjoutSeulement
from noyau.horloge import maintenant
from noyau.langues import en_anglais
from plans.models import Action

VALEUR = {"max_digits": 14, "decimal_places": 2}


class Indicateur(models.Model):
    """An indicator of the catalogue (data, loaded by a data migration; editable in the admin)."""

    class TypeValeur(models.TextChoices):
        ENTIER = "entier", _("Nombre entier")
        ARGENT = "argent", _("Montant ($)")

    class Calcul(models.TextChoices):
        """How the portal computes it (bilans.calculs); blank: typed by the coordination."""

        ENTREPRISES_COMITES = "entreprises_comites", _("Entreprises représentées aux comités du créneau")
        MEMBRES_COLLEGE = "membres_college", _("Membres des comités par collège")
        REUNIONS = "reunions", _("Réunions tenues par comité")
        PRESENCES = "presences", _("Présences aux réunions par comité")
        PROJETS_DEPOSES = "projets_deposes", _("Projets déposés (soumis pendant l'exercice)")
        PROJETS_ACCEPTES = "projets_acceptes", _("Projets acceptés par le Ministère pendant l'exercice")
        PROJETS_REFUSES = "projets_refuses", _("Projets refusés pendant l'exercice")
        AIDE_ACCORDEE = "aide_accordee", _("Aide accordée aux projets acceptés")
        INVESTISSEMENT = "investissement", _("Coût total des projets acceptés")
        PARTENARIATS = "partenariats", _("Partenariats internationaux par maturité")
        COLLABORATIONS = "collaborations", _("Collaborations intercréneaux actives")
        ENTREPRISES_MEMBRES = "entreprises_membres", _("Entreprises membres du créneau")
        ACTIVITES = "activites", _("Activités inscrites par la coordination")
        PARTICIPATION_ACTIVITES = "participation_activites", _("Participants aux activités inscrites")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    libelle = models.CharField(_("libellé"), max_length=200)
    unite = models.CharField(_("unité"), max_length=40)
    # English names of the catalogue (bilans/donnees/indicateurs_en.csv), shown on English pages and PDFs.
    libelle_en = models.CharField(_("libellé (anglais)"), max_length=200, blank=True)
    unite_en = models.CharField(_("unité (anglais)"), max_length=40, blank=True)
    type_valeur = models.CharField(_("type de valeur"), max_length=10, choices=TypeValeur.choices, default=TypeValeur.ENTIER)
    enjeu = models.CharField(_("enjeu"), max_length=15, choices=Enjeu.choices, blank=True)
    calcul = models.CharField(_("calcul par le portail"), max_length=25, choices=Calcul.choices, blank=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    actif = models.BooleanField(_("actif"), default=True)
    obligatoire = models.BooleanField(
        _("obligatoire"),
        default=True,
        help_text=_("Un indicateur saisi par la coordination doit avoir une valeur pour que le bilan soit soumis."),
    )

    class Meta:
        ordering = ["ordre", "code"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self):
        return self.libelle_affiche

    @property
    def libelle_affiche(self):
        """The name in the active language (the French one when no English name is given)."""
        return en_anglais(self.libelle_en) or self.libelle

    @property
    def unite_affichee(self):
        return en_anglais(self.unite_en) or self.unite

    @property
    def manuel(self):
        """Typed by the coordination (the portal computes nothing for it)."""
        return not self.calcul


class Statut(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMIS = "soumis", _("Soumis")
    A_REVISER = "a_reviser", _("À réviser")
    ACCEPTE = "accepte", _("Accepté")


# States in which the coordination may still edit the bilan.
STATUTS_MODIFIABLES = (Statut.BROUILLON, Statut.A_REVISER)
# A bilan in one of these states counts as filed on time if it reached it before the due date.
STATUTS_DEPOSES = (Statut.SOUMIS, Statut.ACCEPTE)


def echeance(exercice: int) -> date:
    """Due date of the bilan of `exercice`: settings.BILAN_ECHEANCE ("MM-DD") after it ends."""
    mois, jour = (int(x) for x in settings.BILAN_ECHEANCE.split("-"))
    return date(exercice + 1, mois, jour)


class BilanQuerySet(models.QuerySet):
    def pour_detail(self):
        return self.select_related("creneau__region_porteuse", "plan", "adopte_par")


class BilanAnnuel(LibellesDeChoix, models.Model):
    creneau = models.ForeignKey(Creneau, on_delete=models.PROTECT, related_name="bilans", verbose_name=_("créneau"))
    exercice = models.PositiveSmallIntegerField(_("exercice"), help_text=_("Année de début de l'exercice (1er avril)."))
    plan = models.ForeignKey(
        "plans.PlanAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilans",
        verbose_name=_("plan d'action suivi"),
    )
    statut = models.CharField(_("statut"), max_length=10, choices=Statut.choices, default=Statut.BROUILLON)
    statut_depuis = models.DateTimeField(_("dans cet état depuis"), default=maintenant)
    faits_saillants = TexteLibre(_("faits saillants"), blank=True)
    premiere_soumission = models.DateTimeField(_("soumis pour la première fois le"), null=True, blank=True)
    # Frozen copy of every value and progress, taken at acceptance (the record of what was accepted).
    instantane = models.JSONField(_("instantané à l'acceptation"), null=True, blank=True, editable=False)
    # Its adoption by the créneau's comité, in séance (bilans.actions.adopter, from the séance's résolution).
    adopte_par = models.ForeignKey(
        Comite, on_delete=models.PROTECT, null=True, blank=True, related_name="bilans_adoptes", verbose_name=_("adopté par")
    )
    adopte_seance = models.ForeignKey(
        Reunion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilans_adoptes",
        verbose_name=_("adopté en séance"),
    )
    adopte_resolution = models.CharField(_("résolution d'adoption"), max_length=40, blank=True)
    adopte_le = models.DateTimeField(_("adopté le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("ouvert par")
    )
    cree_le = models.DateTimeField(_("ouvert le"), default=maintenant)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic lock of the bilan's edit forms: every change makes a form read before stale.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = BilanQuerySet.as_manager()

    class Meta:
        ordering = ["creneau", "-exercice"]
        verbose_name = _("bilan annuel")
        verbose_name_plural = _("bilans annuels")
        constraints = [
            models.UniqueConstraint(fields=["creneau", "exercice"], name="bilan_unique_par_creneau_et_exercice"),
            models.CheckConstraint(condition=~Q(statut="accepte") | Q(instantane__isnull=False), name="bilan_accepte_fige"),
        ]

    def __str__(self):
        return f"{self.creneau.nom} – {libelle(self.exercice)}"

    def get_absolute_url(self):
        return reverse("bilans:detail", args=[self.pk])

    @property
    def libelle_exercice(self):
        return libelle(self.exercice)

    @property
    def libelle_exercice_suivant(self):
        return libelle(self.exercice + 1)

    @property
    def echeance(self):
        return echeance(self.exercice)


class Section(models.Model):
    """What the créneau reports on one enjeu."""

    bilan = models.ForeignKey(BilanAnnuel, on_delete=models.CASCADE, related_name="sections", verbose_name=_("bilan"))
    enjeu = models.CharField(_("enjeu"), max_length=15, choices=Enjeu.choices)
    texte = TexteLibre(_("texte"), blank=True)

    class Meta:
        ordering = ["bilan", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["bilan", "enjeu"], name="section_unique_par_enjeu")]

    def __str__(self):
        return self.get_enjeu_display()


class ValeurIndicateur(models.Model):
    """One value of an indicator (per comité, collège, maturity… when it is broken down).

    `valeur_calculee` is what the portal computed (with its `source`); `valeur_saisie` is what the
    coordination typed: the value of a manual indicator, or an override of a computed one — then
    a justification is required, and both values are kept.
    """

    bilan = models.ForeignKey(BilanAnnuel, on_delete=models.CASCADE, related_name="valeurs", verbose_name=_("bilan"))
    indicateur = models.ForeignKey(Indicateur, on_delete=models.PROTECT, related_name="valeurs", verbose_name=_("indicateur"))
    detail = models.CharField(_("ventilation"), max_length=200, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)
    valeur_calculee = models.DecimalField(_("valeur calculée"), null=True, blank=True, **VALEUR)
    source = models.CharField(_("source"), max_length=400, blank=True)
    valeur_saisie = models.DecimalField(_("valeur saisie"), null=True, blank=True, validators=[MinValueValidator(0)], **VALEUR)
    justification = TexteLibre(_("justification"), blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["bilan", "indicateur__ordre", "ordre", "detail"]
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            models.UniqueConstraint(fields=["bilan", "indicateur", "detail"], name="valeur_unique_par_detail"),
            models.CheckConstraint(
                condition=Q(valeur_calculee__isnull=True) | Q(valeur_saisie__isnull=True) | ~Q(justification=""),
                name="valeur_remplacee_justifiee",
            ),
            models.CheckConstraint(
                condition=Q(valeur_saisie__isnull=True) | Q(valeur_saisie__gte=0), name="valeur_saisie_positive"
            ),
        ]

    def __str__(self):
        return f"{self.indicateur} {self.detail}".strip()

    @property
    def valeur(self):
        return self.valeur_saisie if self.valeur_saisie is not None else self.valeur_calculee

    @property
    def remplacee(self):
        return self.valeur_calculee is not None and self.valeur_saisie is not None


class AvancementAction(models.Model):
    class Etat(models.TextChoices):
        A_TEMPS = "a_temps", _("Dans les temps")
        EN_RETARD = "en_retard", _("En retard")
        REALISEE = "realisee", _("Réalisée")

    bilan = models.ForeignKey(BilanAnnuel, on_delete=models.CASCADE, related_name="avancements", verbose_name=_("bilan"))
    # PROTECT: an action reported on in a bilan stays in the plan (the bilan must remain readable).
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="avancements", verbose_name=_("action"))
    pourcentage = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # What the action achieved, in the unit of its indicator, against the plan's target (Action.cible).
    valeur_atteinte = models.DecimalField(_("valeur atteinte"), null=True, blank=True, **VALEUR)
    etat = models.CharField(_("état"), max_length=10, choices=Etat.choices, default=Etat.A_TEMPS)
    commentaire = TexteLibre(_("commentaire"), blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["bilan", "action__objectif__axe__numero", "action__objectif__numero", "action__numero"]
        verbose_name = _("avancement d'une action")
        verbose_name_plural = _("avancements des actions")
        constraints = [
            models.UniqueConstraint(fields=["bilan", "action"], name="avancement_unique_par_action"),
            models.CheckConstraint(condition=Q(pourcentage__lte=100), name="avancement_au_plus_100"),
        ]

    def __str__(self):
        return f"{self.action} – {self.pourcentage} %"

    @property
    def mesurable(self):
        """Whether the action has an indicator or a target to measure what it achieved."""
        return mesurable(self.action)


def mesurable(action):
    return bool(action.indicateur) or action.cible is not None


class Programmation(models.Model):
    """A priority of the next exercice, filed with the bilan: an action of the plan and its target."""

    bilan = models.ForeignKey(BilanAnnuel, on_delete=models.CASCADE, related_name="programmations", verbose_name=_("bilan"))
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="programmations", verbose_name=_("action"))
    retenue = models.BooleanField(_("prioritaire l'an prochain"), default=False)
    cible = models.DecimalField(_("cible de l'exercice"), null=True, blank=True, validators=[MinValueValidator(0)], **VALEUR)
    commentaire = TexteLibre(_("moyens et ajustements"), blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["bilan", "action__objectif__axe__numero", "action__objectif__numero", "action__numero"]
        verbose_name = _("programmation annuelle")
        verbose_name_plural = _("programmations annuelles")
        constraints = [
            models.UniqueConstraint(fields=["bilan", "action"], name="programmation_unique_par_action"),
            models.CheckConstraint(condition=Q(cible__isnull=True) | Q(cible__gte=0), name="programmation_cible_positive"),
        ]

    def __str__(self):
        return f"{self.action} – {self.cible}"


class EtapeBilan(AjoutSeulement, models.Model):
    """One row per step of the circuit: who, when, why. Append-only."""

    class Type(models.TextChoices):
        OUVERTURE = "ouverture", _("Ouverture")
        SOUMISSION = "soumission", _("Soumission")
        RENVOI = "renvoi", _("Renvoi pour révision")
        ACCEPTATION = "acceptation", _("Acceptation")
        ADOPTION = "adoption", _("Adoption par le comité en séance")

    bilan = models.ForeignKey(BilanAnnuel, on_delete=models.PROTECT, related_name="etapes", verbose_name=_("bilan"))
    type = models.CharField(_("étape"), max_length=12, choices=Type.choices)
    de_statut = models.CharField(_("état avant"), max_length=10, choices=Statut.choices, blank=True)
    vers_statut = models.CharField(_("état après"), max_length=10, choices=Statut.choices)
    commentaire = TexteLibre(_("commentaire"), blank=True, max_length=NOTE_MAX)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    horodatage = models.DateTimeField(_("horodatage"), default=maintenant)

    refus_modification = _("Une étape enregistrée ne se modifie pas.")
    refus_suppression = _("Une étape enregistrée ne se supprime pas.")

    class Meta:
        ordering = ["horodatage", "pk"]
        verbose_name = _("étape du bilan")
        verbose_name_plural = _("étapes du bilan")
        constraints = [
            models.CheckConstraint(condition=~Q(type="renvoi") | ~Q(commentaire=""), name="renvoi_bilan_motive"),
            # Every step changes the state, but the comité's adoption in séance (recorded as it is).
            models.CheckConstraint(
                condition=~Q(de_statut=F("vers_statut")) | Q(type="adoption"), name="etape_bilan_change_d_etat"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} – {self.bilan}"


class RappelBilan(models.Model):
    """A reminder e-mailed to a late coordination; at most one per créneau, exercice and day."""

    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="rappels_bilans", verbose_name=_("créneau"))
    exercice = models.PositiveSmallIntegerField(_("exercice"))
    jour = models.DateField(_("jour"))
    destinataires = models.TextField(_("destinataires"), blank=True)
    envoye_le = models.DateTimeField(_("envoyé le"), default=maintenant)

    class Meta:
        ordering = ["-jour"]
        verbose_name = _("rappel de bilan")
        verbose_name_plural = _("rappels de bilans")
        constraints = [
            models.UniqueConstraint(fields=["creneau", "exercice", "jour"], name="un_rappel_par_creneau_exercice_et_jour")
        ]

    def __str__(self):
        return f"{self.creneau.nom} – {libelle(self.exercice)} – {self.jour}"
