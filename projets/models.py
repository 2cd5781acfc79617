"""FSDCE / PADS projects: programmes and their rules (as data), envelopes, projects, budget,
decisions (append-only), comments, payments and final reports."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from activites.models import Activite
from creneaux.models import Comite, Coordination, Creneau, Enjeu, Organisation, Personne, Reunion, actif_q
from noyau.champs import NOTE_MAX, LibellesDeChoix, TexteLibre
from noyau.historique import AjoutSeulement
from noyau.horloge import maintenant
from plans.models import Action
from regions.models import PrioriteRegionale, Region

ARGENT = {"max_digits": 14, "decimal_places": 2}
MONTANT = DecimalField(**ARGENT)
TAUX = {"max_digits": 5, "decimal_places": 4, "validators": [MinValueValidator(0), MaxValueValidator(1)]}


class Programme(models.Model):
    """A funding programme; its rules are data (RegleAide rows), never code."""

    nom = models.CharField(_("nom"), max_length=200)
    sigle = models.CharField(_("sigle"), max_length=20, unique=True)
    description = TexteLibre(_("description"), blank=True)
    minimum_partenaires = models.PositiveSmallIntegerField(_("nombre minimal d'entités partenaires"), default=3)
    montant_max = models.DecimalField(_("aide maximale par projet"), null=True, blank=True, **ARGENT)
    # Which porteur types the programme accepts is data too: its RegleAide rows (a type without
    # one is not eligible). Whether a project must name the company that leads it:
    entreprise_leader_requise = models.BooleanField(
        _("entreprise leader requise"),
        default=False,
        help_text=_("Un projet déposé à ce programme doit nommer l'entreprise qui le mène."),
    )
    ouverture = models.DateField(_("ouverture"))
    fermeture = models.DateField(_("fermeture"), null=True, blank=True)

    class Meta:
        ordering = ["sigle"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(fermeture__isnull=True) | Q(fermeture__gte=F("ouverture")), name="programme_fermeture_apres_ouverture"
            )
        ]

    def __str__(self):
        return self.sigle

    def ouvert_le(self, jour):
        return self.ouverture <= jour and (self.fermeture is None or jour <= self.fermeture)


class RegleAide(models.Model):
    """Aid rates of a programme for one type of applicant; a type with no row is not eligible."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="regles", verbose_name=_("programme"))
    type_porteur = models.CharField(_("type de porteur"), max_length=20, choices=Organisation.Type.choices)
    taux_max = models.DecimalField(_("aide maximale (part des coûts admissibles)"), **TAUX)
    taux_cumul_max = models.DecimalField(_("cumul maximal des aides gouvernementales"), **TAUX)
    exceptionnel = models.BooleanField(_("admissible exceptionnellement"), default=False)

    class Meta:
        ordering = ["programme", "type_porteur"]
        verbose_name = _("règle d'aide")
        verbose_name_plural = _("règles d'aide")
        constraints = [
            models.UniqueConstraint(fields=["programme", "type_porteur"], name="regle_aide_unique"),
            models.CheckConstraint(condition=Q(taux_max__lte=F("taux_cumul_max")), name="regle_taux_sous_cumul"),
        ]

    def __str__(self):
        return f"{self.programme} – {self.get_type_porteur_display()}"


class Enveloppe(models.Model):
    """A programme's envelope for one region (FSDCE: 4 M$, 4,8 M$ for the régions ressources)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enveloppes", verbose_name=_("programme"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="enveloppes", verbose_name=_("région"))
    montant = models.DecimalField(_("montant"), validators=[MinValueValidator(0)], **ARGENT)

    class Meta:
        ordering = ["programme", "region__code"]
        verbose_name = _("enveloppe régionale")
        verbose_name_plural = _("enveloppes régionales")
        constraints = [models.UniqueConstraint(fields=["programme", "region"], name="enveloppe_unique")]

    def __str__(self):
        return f"{self.programme} – {self.region.nom}"


class Statut(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    A_COMPLETER = "a_completer", _("À compléter")
    COMITE_CRENEAU = "comite_creneau", _("Au comité de créneau")
    COMITE_REGIONAL = "comite_regional", _("Au comité régional")
    MINISTERE = "ministere", _("Au Ministère")
    ACCEPTE = "accepte", _("Accepté")
    EN_REALISATION = "en_realisation", _("En réalisation")
    TERMINE = "termine", _("Terminé")
    REFUSE_CRENEAU = "refuse_creneau", _("Refusé (comité de créneau)")
    REFUSE_REGIONAL = "refuse_regional", _("Refusé (comité régional)")
    REFUSE_MINISTERE = "refuse_ministere", _("Refusé (Ministère)")
    RETIRE = "retire", _("Retiré")


STATUTS_OUVERTS = (
    Statut.BROUILLON,
    Statut.A_COMPLETER,
    Statut.COMITE_CRENEAU,
    Statut.COMITE_REGIONAL,
    Statut.MINISTERE,
    Statut.ACCEPTE,
    Statut.EN_REALISATION,
)
# Approved by the comités, not yet decided by the Ministère: counts as "pending" on the envelope.
STATUTS_EN_ATTENTE_MINISTERE = (Statut.MINISTERE,)
# Granted money is committed on the envelope.
STATUTS_ENGAGES = (Statut.ACCEPTE, Statut.EN_REALISATION, Statut.TERMINE)
# States at or after the comité régional: its members may read the project.
STATUTS_DEPUIS_REGIONAL = (
    Statut.COMITE_REGIONAL,
    Statut.MINISTERE,
    Statut.ACCEPTE,
    Statut.EN_REALISATION,
    Statut.TERMINE,
    Statut.REFUSE_REGIONAL,
    Statut.REFUSE_MINISTERE,
)


class ProjetQuerySet(models.QuerySet):
    def exercices(self):
        """The exercices projects were filed in, newest first: one small query (no model ordering
        in the DISTINCT, so the database returns a handful of years, not a row per project)."""
        return self.exclude(exercice=None).order_by("-exercice").values_list("exercice", flat=True).distinct()

    def pour_liste(self):
        return self.select_related("creneau__region_porteuse", "programme", "porteur")

    def avec_demande(self):
        """Annotate `demande`: the aid requested from the programme (the SQL twin of
        `Projet.montant_demande`), summed in one correlated subquery."""
        somme = (
            Financement.objects.demandes()
            .filter(projet=OuterRef("pk"))
            .order_by()
            .values("projet")
            .annotate(s=Sum("montant"))
            .values("s")
        )
        return self.annotate(demande=Coalesce(Subquery(somme, output_field=MONTANT), Value(Decimal(0)), output_field=MONTANT))

    def pour_detail(self):
        # Not its author (`cree_par`): no page shows it, and the join read a password hash and
        # lengthened the planning of the page's main query.
        return self.select_related(
            "creneau__region_porteuse", "programme", "porteur", "entreprise_leader", "activite", "priorite", "action"
        ).prefetch_related("partenaires", "depenses", "financements")


class Projet(LibellesDeChoix, FSMModelMixin, models.Model):
    numero = models.CharField(_("numéro"), max_length=30, unique=True, null=True, blank=True)
    titre = models.CharField(_("titre"), max_length=250)
    creneau = models.ForeignKey(Creneau, on_delete=models.PROTECT, related_name="projets", verbose_name=_("créneau"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projets", verbose_name=_("programme"))
    porteur = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="projets_portes", verbose_name=_("porteur")
    )
    # The porteur's type as it was at submission: the aid rates follow it (docs/circuit.md).
    type_porteur = models.CharField(_("type du porteur au dépôt"), max_length=20, choices=Organisation.Type.choices, blank=True)
    partenaires = models.ManyToManyField(
        Organisation, blank=True, related_name="projets_partenaires", verbose_name=_("partenaires")
    )
    # The company that leads the project (required when its programme says so).
    entreprise_leader = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projets_menes",
        verbose_name=_("entreprise leader"),
    )
    # The activity of the créneau the project came from (a mission, a symposium…).
    activite = models.ForeignKey(
        Activite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projets",
        verbose_name=_("activité d'origine"),
    )
    description = TexteLibre(_("description"), blank=True)
    objectifs = TexteLibre(_("objectifs"), blank=True)
    enjeu = models.CharField(_("enjeu"), max_length=15, choices=Enjeu.choices, blank=True)
    priorite = models.ForeignKey(
        PrioriteRegionale,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projets",
        verbose_name=_("priorité régionale"),
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="projets", verbose_name=_("action du plan")
    )
    date_debut = models.DateField(_("début"), null=True, blank=True)
    date_fin = models.DateField(_("fin"), null=True, blank=True)
    # State changes only through projets.actions (django-fsm transitions); never assigned directly.
    statut = FSMField(_("statut"), max_length=20, choices=Statut.choices, default=Statut.BROUILLON, protected=True)
    statut_depuis = models.DateTimeField(_("dans cet état depuis"), default=maintenant)
    exercice = models.PositiveSmallIntegerField(
        _("exercice"), null=True, blank=True, help_text=_("Année de début de l'exercice de dépôt.")
    )
    soumis_le = models.DateTimeField(_("soumis le"), null=True, blank=True)
    montant_accorde = models.DecimalField(_("montant accordé"), null=True, blank=True, **ARGENT)
    # The unpaid balance the Ministère released (désengagement): back on the envelope.
    montant_desengage = models.DecimalField(_("montant désengagé"), default=Decimal(0), **ARGENT)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("créé par")
    )
    cree_le = models.DateTimeField(_("créé le"), default=maintenant, editable=False)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic lock: forms carry the version they were read at; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["modifie_le", "version", "statut_depuis"])

    objects = ProjetQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_debut__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="projet_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=Q(montant_accorde__isnull=True) | Q(montant_accorde__gte=0), name="projet_montant_accorde_positif"
            ),
            models.CheckConstraint(
                condition=Q(montant_desengage__gte=0) & (Q(montant_desengage=0) | Q(montant_accorde__gte=F("montant_desengage"))),
                name="projet_desengage_sous_accorde",
            ),
        ]
        indexes = [
            models.Index(fields=["statut", "statut_depuis"]),
            models.Index(fields=["exercice"]),
            models.Index(fields=["statut_depuis"], name="projet_statut_depuis"),
        ]

    def __str__(self):
        return f"{self.numero or _('Brouillon')} – {self.titre}"

    def get_absolute_url(self):
        return reverse("projets:detail", args=[self.pk])

    def utilisateurs_lies(self):
        """Ids of the users who may never decide on this project (docs/seances.md): who filed it,
        who submitted it, and the créneau's active coordination."""
        lies = set(self.decisions.filter(etape=Decision.Etape.SOUMISSION).values_list("auteur_id", flat=True))
        lies |= set(
            Coordination.objects.filter(actif_q(), creneau_id=self.creneau_id, personne__user__isnull=False).values_list(
                "personne__user_id", flat=True
            )
        )
        return lies | ({self.cree_par_id} - {None})

    # The workflow graph (docs/circuit.md). These methods only move the state: call the verbs of
    # projets.actions, which check the guards, lock the row and write the Decision.
    @transition(field=statut, source=[Statut.BROUILLON, Statut.A_COMPLETER], target=Statut.COMITE_CRENEAU)
    def _soumettre(self):
        pass

    @transition(field=statut, source=Statut.COMITE_CRENEAU, target=Statut.COMITE_REGIONAL)
    def _adopter_resolution(self):
        pass

    @transition(field=statut, source=Statut.COMITE_CRENEAU, target=Statut.REFUSE_CRENEAU)
    def _rejeter_resolution(self):
        pass

    @transition(field=statut, source=[Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL], target=Statut.A_COMPLETER)
    def _renvoyer(self):
        pass

    @transition(field=statut, source=Statut.COMITE_REGIONAL, target=Statut.MINISTERE)
    def _approuver_regional(self):
        pass

    @transition(field=statut, source=Statut.COMITE_REGIONAL, target=Statut.REFUSE_REGIONAL)
    def _refuser_regional(self):
        pass

    @transition(field=statut, source=Statut.MINISTERE, target=Statut.MINISTERE)
    def _analyser(self):
        pass

    @transition(field=statut, source=Statut.MINISTERE, target=Statut.A_COMPLETER)
    def _demander_complement(self):
        pass

    @transition(field=statut, source=Statut.MINISTERE, target=Statut.ACCEPTE)
    def _accepter(self):
        pass

    @transition(field=statut, source=Statut.MINISTERE, target=Statut.REFUSE_MINISTERE)
    def _refuser(self):
        pass

    @transition(field=statut, source=Statut.ACCEPTE, target=Statut.EN_REALISATION)
    def _signer_convention(self):
        pass

    @transition(field=statut, source=Statut.EN_REALISATION, target=Statut.EN_REALISATION)
    def _enregistrer_versement(self):
        pass

    @transition(field=statut, source=Statut.EN_REALISATION, target=Statut.TERMINE)
    def _accepter_rapport_final(self):
        pass

    @transition(field=statut, source=list(STATUTS_OUVERTS), target=Statut.RETIRE)
    def _retirer(self):
        pass

    # A merged or withdrawn créneau's open projects (creneaux.actions.fusionner / retirer).
    @transition(field=statut, source=list(STATUTS_OUVERTS), target=None)
    def _transferer(self):
        pass

    @transition(field=statut, source=list(STATUTS_OUVERTS), target=Statut.RETIRE)
    def _retirer_avec_creneau(self):
        pass

    @transition(field=statut, source=Statut.EN_REALISATION, target=Statut.EN_REALISATION)
    def _desengager(self):
        pass

    @property
    def engage(self):
        """What the project holds on its envelope: granted minus released."""
        return (self.montant_accorde or Decimal(0)) - self.montant_desengage

    @property
    def type_porteur_applicable(self):
        """The porteur's type the rates follow: as at submission, else (a draft) as today."""
        return self.type_porteur or (self.porteur.type if self.porteur_id else "")

    @property
    def region(self):
        """An interregional créneau's projects go to its region porteuse (docs/circuit.md)."""
        return self.creneau.region_porteuse

    # Budget totals are computed from the lines, never typed (use pour_detail() to prefetch them):
    # projets.budget.totaux is their one computation, for saved lines as for lines being typed.
    @property
    def totaux(self):
        from projets.budget import totaux  # budget imports this module: the one computation lives there

        return totaux(self.depenses.all(), self.financements.all())

    @property
    def cout_total(self):
        return self.totaux.cout_total

    @property
    def cout_admissible(self):
        return self.totaux.cout_admissible

    @property
    def financement_total(self):
        return self.totaux.financement_total

    @property
    def montant_demande(self):
        """The aid requested from the programme (in SQL: `Projet.objects.avec_demande()`)."""
        return self.totaux.montant_demande

    @property
    def aide_gouvernementale(self):
        return self.totaux.aide_gouvernementale

    @property
    def taux_aide(self):
        """Requested aid / eligible costs (None without eligible costs)."""
        return self.totaux.taux_aide


class Depense(LibellesDeChoix, models.Model):
    class Categorie(models.TextChoices):
        HONORAIRES = "honoraires", _("Honoraires professionnels")
        MATERIEL = "materiel", _("Matériel")
        COMMUNICATION = "communication", _("Communication")
        DEPLACEMENT = "deplacement", _("Déplacements (taux gouvernementaux)")
        LOCAUX = "locaux", _("Location d'espaces")
        SALAIRE = "salaire", _("Salaire du chargé de projet (part)")
        AUTRE = "autre", _("Autre")

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="depenses", verbose_name=_("projet"))
    categorie = models.CharField(_("catégorie"), max_length=15, choices=Categorie.choices)
    description = models.CharField(_("description"), max_length=250, blank=True)
    montant = models.DecimalField(_("montant"), validators=[MinValueValidator(0)], **ARGENT)
    admissible = models.BooleanField(_("admissible"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="depense_montant_positif")]

    def __str__(self):
        return f"{self.get_categorie_display()} – {self.montant}"


class FinancementQuerySet(models.QuerySet):
    def demandes(self):
        """Lines of aid requested from the programme (their sum is the project's `montant_demande`)."""
        return self.filter(source=Financement.Source.FSDCE)


class Financement(LibellesDeChoix, models.Model):
    class Source(models.TextChoices):
        FSDCE = "fsdce", _("Aide demandée au programme")
        PORTEUR = "porteur", _("Porteur")
        PARTENAIRES = "partenaires", _("Partenaires")
        FEDERAL = "federal", _("Gouvernement fédéral")
        QUEBEC = "quebec", _("Autres aides du gouvernement du Québec")
        MUNICIPAL = "municipal", _("Municipal ou MRC")
        PRIVE = "prive", _("Privé")
        AUTRE = "autre", _("Autre")

    # Sources counted in the cumulated government aid cap.
    GOUVERNEMENTALES = (Source.FSDCE, Source.FEDERAL, Source.QUEBEC, Source.MUNICIPAL)

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="financements", verbose_name=_("projet"))
    source = models.CharField(_("source"), max_length=15, choices=Source.choices)
    description = models.CharField(_("description"), max_length=250, blank=True)
    montant = models.DecimalField(_("montant"), validators=[MinValueValidator(0)], **ARGENT)
    confirme = models.BooleanField(_("confirmé"), default=False)

    objects = FinancementQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="financement_montant_positif")]
        # The list's "aide demandée" subquery sums one source per project.
        indexes = [models.Index(fields=["projet", "source"], name="financement_projet_source")]

    def __str__(self):
        return f"{self.get_source_display()} – {self.montant}"


def chemin_piece_jointe(instance, filename):
    return f"projets/{instance.projet_id}/{filename}"


class PieceJointe(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="pieces_jointes", verbose_name=_("projet"))
    fichier = models.FileField(_("fichier"), upload_to=chemin_piece_jointe)
    nom = models.CharField(_("nom"), max_length=255)
    type_mime = models.CharField(_("type"), max_length=100)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    ajoute_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ajoute_le = models.DateTimeField(_("ajoutée le"), default=maintenant, editable=False)

    class Meta:
        ordering = ["ajoute_le"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.nom


class Decision(LibellesDeChoix, AjoutSeulement, models.Model):
    """One row per workflow step: who decided what, when, why. Append-only."""

    class Etape(models.TextChoices):
        SOUMISSION = "soumission", _("Soumission")
        RESOLUTION = "resolution", _("Résolution du comité de créneau")
        COMITE_REGIONAL = "comite_regional", _("Décision du comité régional")
        ANALYSE = "analyse", _("Analyse de la direction régionale")
        DECISION_MINISTERE = "decision_ministere", _("Décision du Ministère")
        CONVENTION = "convention", _("Convention signée")
        VERSEMENT = "versement", _("Versement")
        RAPPORT_FINAL = "rapport_final", _("Rapport final accepté")
        RETRAIT = "retrait", _("Retrait")
        TRANSFERT = "transfert", _("Transfert au créneau issu d'une fusion")
        DESENGAGEMENT = "desengagement", _("Désengagement du solde")

    class Recommandation(models.TextChoices):
        ACCEPTER = "accepter", _("Accepter")
        REFUSER = "refuser", _("Refuser")

    projet = models.ForeignKey(Projet, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("projet"))
    etape = models.CharField(_("étape"), max_length=20, choices=Etape.choices)
    de_statut = models.CharField(_("état avant"), max_length=20, choices=Statut.choices)
    vers_statut = models.CharField(_("état après"), max_length=20, choices=Statut.choices)
    comite = models.ForeignKey(
        Comite, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("instance")
    )
    reunion = models.ForeignKey(
        Reunion, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("réunion")
    )
    numero_resolution = models.CharField(_("numéro de résolution"), max_length=40, blank=True)
    votes_pour = models.PositiveSmallIntegerField(_("pour"), null=True, blank=True)
    votes_contre = models.PositiveSmallIntegerField(_("contre"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    en_conflit = models.ManyToManyField(Personne, blank=True, related_name="+", verbose_name=_("membres en conflit d'intérêts"))
    montant = models.DecimalField(_("montant"), null=True, blank=True, **ARGENT)
    motif = TexteLibre(_("motif"), blank=True, max_length=NOTE_MAX)
    fichier = models.FileField(_("document"), upload_to="decisions/%Y/", blank=True)
    # The direction régionale's analysis: the admissibility grid computed by the portal (a list of
    # {critere, ok, detail}), its recommendation and recommended amount (in `montant`).
    grille = models.JSONField(_("grille d'admissibilité"), null=True, blank=True)
    recommandation = models.CharField(_("recommandation"), max_length=10, choices=Recommandation.choices, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    horodatage = models.DateTimeField(_("horodatage"), default=maintenant)
    # Imported history (importations app): a decision taken before the portal, entered from a
    # spreadsheet by the Ministère — not a decision made in the portal (no séance, no vote).
    importee = models.BooleanField(_("importée"), default=False)

    refus_modification = _("Une décision enregistrée ne se modifie pas.")
    refus_suppression = _("Une décision enregistrée ne se supprime pas.")

    class Meta:
        ordering = ["horodatage", "pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            models.UniqueConstraint(
                fields=["comite", "numero_resolution"],
                condition=~Q(numero_resolution=""),
                name="resolution_numero_unique_par_comite",
            )
        ]

    def __str__(self):
        return f"{self.get_etape_display()} – {self.projet}"


class Repartition(AjoutSeulement, models.Model):
    """The comité régional's split of its envelope among the region's créneaux, adopted by a
    résolution at a meeting. Revised by a later one: the latest adopted is in force."""

    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.PROTECT, related_name="repartitions", verbose_name=_("enveloppe"))
    comite = models.ForeignKey(Comite, on_delete=models.PROTECT, related_name="repartitions", verbose_name=_("comité régional"))
    reunion = models.ForeignKey(Reunion, on_delete=models.PROTECT, related_name="repartitions", verbose_name=_("réunion"))
    numero_resolution = models.CharField(_("numéro de résolution"), max_length=40)
    motif = TexteLibre(_("motif"), blank=True, max_length=NOTE_MAX)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    horodatage = models.DateTimeField(_("adoptée le"), default=maintenant)

    refus_modification = _("Une répartition adoptée ne se modifie pas : adoptez-en une nouvelle.")
    refus_suppression = _("Une répartition adoptée ne se supprime pas.")

    class Meta:
        ordering = ["-horodatage", "-pk"]
        verbose_name = _("répartition de l'enveloppe")
        verbose_name_plural = _("répartitions de l'enveloppe")
        constraints = [
            models.UniqueConstraint(fields=["comite", "numero_resolution"], name="repartition_numero_unique_par_comite")
        ]

    def __str__(self):
        return f"{self.enveloppe} – {self.numero_resolution}"


class PartRepartition(models.Model):
    repartition = models.ForeignKey(Repartition, on_delete=models.CASCADE, related_name="parts", verbose_name=_("répartition"))
    creneau = models.ForeignKey(Creneau, on_delete=models.PROTECT, related_name="parts_enveloppe", verbose_name=_("créneau"))
    montant = models.DecimalField(_("part"), validators=[MinValueValidator(0)], **ARGENT)

    class Meta:
        ordering = ["repartition", "creneau__nom"]
        verbose_name = _("part d'un créneau")
        verbose_name_plural = _("parts des créneaux")
        constraints = [
            models.UniqueConstraint(fields=["repartition", "creneau"], name="une_part_par_creneau"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="part_montant_positif"),
        ]

    def __str__(self):
        return f"{self.creneau} – {self.montant}"


class Commentaire(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="commentaires", verbose_name=_("projet"))
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur"))
    texte = TexteLibre(_("commentaire"), max_length=NOTE_MAX)
    cree_le = models.DateTimeField(_("créé le"), default=maintenant)

    class Meta:
        ordering = ["cree_le"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self):
        return f"{self.auteur} – {self.cree_le:%Y-%m-%d}"


class Versement(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.PROTECT, related_name="versements", verbose_name=_("projet"))
    date = models.DateField(_("date"))
    montant = models.DecimalField(_("montant"), validators=[MinValueValidator(Decimal("0.01"))], **ARGENT)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        constraints = [models.CheckConstraint(condition=Q(montant__gt=0), name="versement_montant_positif")]

    def __str__(self):
        return f"{self.date} – {self.montant}"


class RapportFinal(models.Model):
    projet = models.OneToOneField(Projet, on_delete=models.CASCADE, related_name="rapport_final", verbose_name=_("projet"))
    resume = TexteLibre(_("résumé des résultats"))
    fichier = models.FileField(_("rapport"), upload_to="rapports_finaux/%Y/", blank=True)
    depose_le = models.DateTimeField(_("déposé le"), default=maintenant)
    accepte_le = models.DateTimeField(_("accepté le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport final")
        verbose_name_plural = _("rapports finaux")

    def __str__(self):
        return f"{self.projet}"


class CompteurNumero(models.Model):
    """Sequence of project numbers per programme, exercice and region (locked row on use)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    exercice = models.PositiveSmallIntegerField()
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    dernier = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "exercice", "region"], name="compteur_unique")]

    def __str__(self):
        return f"{self.programme_id}-{self.exercice}-{self.region_id}: {self.dernier}"


class ChangementBudget(AjoutSeulement, models.Model):
    """One budget line changed by a saving of the project (line, before → after), attached to the
    project's history row of that saving: the history says which amounts moved, not just « modifié »."""

    class Nature(models.TextChoices):
        DEPENSE = "depense", _("Dépense")
        FINANCEMENT = "financement", _("Financement")

    refus_modification = _("Un changement de budget inscrit à l'historique ne se modifie pas.")
    refus_suppression = _("Un changement de budget inscrit à l'historique ne s'efface pas.")

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="changements_budget", verbose_name=_("projet"))
    # history_id of the project's HistoricalProjet row written by the same saving.
    version_historique = models.PositiveBigIntegerField(_("version de l'historique"), db_index=True)
    nature = models.CharField(_("nature"), max_length=12, choices=Nature.choices)
    # The category (expense) or source (financing) code of the line, and its description.
    poste = models.CharField(_("poste"), max_length=15)
    description = models.CharField(_("description"), max_length=250, blank=True)
    montant_avant = models.DecimalField(_("montant avant"), null=True, blank=True, **ARGENT)  # None: line added
    montant_apres = models.DecimalField(_("montant après"), null=True, blank=True, **ARGENT)  # None: line removed
    # Admissible (expense) or confirmed (financing), before and after.
    qualite_avant = models.BooleanField(_("admissible ou confirmé avant"), null=True, blank=True)
    qualite_apres = models.BooleanField(_("admissible ou confirmé après"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("changement de budget")
        verbose_name_plural = _("changements de budget")

    def __str__(self):
        return f"{self.libelle_poste} : {self.montant_avant} → {self.montant_apres}"

    @property
    def libelle_poste(self):
        choix = Depense.Categorie if self.nature == self.Nature.DEPENSE else Financement.Source
        nom = dict(choix.choices).get(self.poste, self.poste)
        return f"{nom} – {self.description}" if self.description else str(nom)

    @property
    def libelle_qualite(self):
        """« admissible » / « non admissible » (expense), « confirmé » / « à confirmer » (financing)."""

        def nom(v):
            if v is None:
                return ""
            if self.nature == self.Nature.DEPENSE:
                return str(_("admissible") if v else _("non admissible"))
            return str(_("confirmé") if v else _("à confirmer"))

        return nom(self.qualite_avant), nom(self.qualite_apres)
