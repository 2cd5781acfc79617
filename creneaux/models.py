"""The organisational side of ACCORD: organisations, people, créneaux, ententes, comités."""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import NOTE_MAX, LibellesDeChoix, TexteLibre
from noyau.horloge import aujourdhui, maintenant
from noyau.langues import en_anglais
from regions.models import PrioriteRegionale, Region

valider_neq = RegexValidator(r"^\d{10}$", _("Le NEQ compte exactement 10 chiffres."))


def historique(**kwargs):
    """The audit trail of a model: who changed it, when, and why (a reason of any length)."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


def actif_q(prefix="", jour=None):
    """Q for rows whose [debut, fin] period covers `jour` (today by default)."""
    jour = jour or aujourdhui()
    return Q(**{f"{prefix}debut__lte": jour}) & (Q(**{f"{prefix}fin__isnull": True}) | Q(**{f"{prefix}fin__gte": jour}))


class Organisation(LibellesDeChoix, models.Model):
    class Type(models.TextChoices):
        ENTREPRISE = "entreprise", _("Entreprise")
        ASSOCIATION = "association", _("Association sectorielle ou d'affaires")
        RECHERCHE = "recherche", _("Centre de recherche")
        ENSEIGNEMENT = "enseignement", _("Établissement d'enseignement (cégep, CCTT, université)")
        DEVELOPPEMENT = "developpement", _("Organisme de développement économique")
        OBNL = "obnl", _("OBNL dédié")
        MUNICIPALITE = "municipalite", _("Municipalité ou MRC")
        COOPERATIVE = "cooperative", _("Coopérative")
        PUBLIC = "public", _("Ministère ou organisme public")

    nom = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("région")
    )
    neq = models.CharField(
        _("NEQ"),
        max_length=10,
        blank=True,
        validators=[valider_neq],
        help_text=_("Numéro d'entreprise du Québec, 10 chiffres."),
    )
    ville = models.CharField(_("ville"), max_length=100, blank=True)
    site_web = models.URLField(_("site web"), blank=True)
    history = historique()

    class Meta:
        ordering = ["nom"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=Q(neq="") | Q(neq__regex=r"^\d{10}$"), name="organisation_neq_10_chiffres"),
            models.UniqueConstraint(fields=["neq"], condition=~Q(neq=""), name="organisation_neq_unique"),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("creneaux:organisation", args=[self.pk])


def neq_deja_pris(neq, sauf=None):
    """Whether another organisation than `sauf` (a pk) bears NEQ `neq`."""
    return bool(neq) and Organisation.objects.filter(neq=neq).exclude(pk=sauf).exists()


class Personne(models.Model):
    prenom = models.CharField(_("prénom"), max_length=100)
    nom = models.CharField(_("nom"), max_length=100)
    courriel = models.EmailField(_("courriel"), blank=True)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    fonction = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="personnes", verbose_name=_("organisation")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personne",
        verbose_name=_("compte"),
    )

    class Meta:
        ordering = ["nom", "prenom"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self):
        return f"{self.prenom} {self.nom}"


class CreneauQuerySet(models.QuerySet):
    def publics(self):
        """The public directory lists recognised créneaux (and those merged or withdrawn, for history)."""
        return self.exclude(statut=Creneau.Statut.POTENTIEL)

    def pour_annuaire(self):
        return self.select_related("region_porteuse", "organisme_gestionnaire").prefetch_related("autres_regions")

    def pour_fiche(self):
        """What the fiche itself shows, in a fixed number of queries (its comités and its
        partnerships come as fragments the page loads: avec_comites, avec_partenaires)."""
        return (
            self.pour_annuaire()
            .prefetch_related(
                "ententes",
                "ententes_de_principe",
                models.Prefetch("priorites", queryset=PrioriteRegionale.objects.select_related("region")),
                models.Prefetch(
                    "demandes_collaboration",
                    queryset=DemandeCollaboration.objects.filter(statut="en_attente").select_related(
                        "collaboration", "demandeur"
                    ),
                    to_attr="demandes_en_attente",
                ),
                models.Prefetch("fusions", queryset=Creneau.objects.select_related("region_porteuse")),
                models.Prefetch(
                    "coordinations",
                    queryset=Coordination.objects.filter(actif_q()).select_related("personne", "employeur"),
                    to_attr="coordinations_actives",
                ),
            )
            .select_related("fusionne_dans__region_porteuse")
        )

    def avec_comites(self):
        """The fiche's comités, each with its active members and its règlements."""
        return self.select_related("region_porteuse").prefetch_related(
            models.Prefetch(
                "comites",
                queryset=Comite.objects.select_related("parent").avec_membres_actifs().avec_reglements(),
                to_attr="liste_comites",
            )
        )

    def avec_partenaires(self):
        """The fiche's international partnerships and inter-créneau collaborations."""
        return self.select_related("region_porteuse").prefetch_related(
            "partenariats",
            models.Prefetch(
                "collaborations",
                queryset=Collaboration.objects.prefetch_related(
                    models.Prefetch("creneaux", queryset=Creneau.objects.select_related("region_porteuse"))
                ),
            ),
        )


class Creneau(LibellesDeChoix, models.Model):
    class Statut(models.TextChoices):
        POTENTIEL = "potentiel", _("Potentiel")
        AUTORISE = "autorise", _("Autorisé")
        RECONNU = "reconnu", _("Reconnu")
        FUSIONNE = "fusionne", _("Fusionné")
        RETIRE = "retire", _("Retiré")

    nom = models.CharField(_("nom"), max_length=200)
    sigle = models.CharField(_("sigle"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    secteur = models.CharField(_("secteur"), max_length=120, blank=True)
    secteur_en = models.CharField(
        _("secteur (anglais)"),
        max_length=120,
        blank=True,
        help_text=_("Nom du secteur montré sur les pages et documents en anglais."),
    )
    statut = models.CharField(_("statut"), max_length=10, choices=Statut.choices, default=Statut.POTENTIEL)
    date_potentiel = models.DateField(_("potentiel depuis"), null=True, blank=True)
    date_autorise = models.DateField(_("autorisé le"), null=True, blank=True)
    date_reconnu = models.DateField(_("reconnu le"), null=True, blank=True)
    date_fin = models.DateField(_("fusionné ou retiré le"), null=True, blank=True)
    region_porteuse = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="creneaux_portes", verbose_name=_("région porteuse")
    )
    autres_regions = models.ManyToManyField(
        Region, blank=True, related_name="creneaux_associes", verbose_name=_("autres régions")
    )
    organisme_gestionnaire = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="creneaux_geres",
        verbose_name=_("organisme gestionnaire"),
    )
    vision = TexteLibre(_("vision"), blank=True)
    description = TexteLibre(_("description"), blank=True)
    site_web = models.URLField(_("site web"), blank=True)
    fusionne_dans = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="fusions", verbose_name=_("fusionné dans")
    )
    priorites = models.ManyToManyField(
        PrioriteRegionale, blank=True, related_name="creneaux", verbose_name=_("priorités régionales")
    )
    # Optimistic lock of the fiche's edit form (a stale form is refused, never saved over).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = historique(m2m_fields=["priorites"])

    objects = CreneauQuerySet.as_manager()

    class Meta:
        ordering = ["nom", "region_porteuse__code"]
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_autorise__isnull=True)
                | Q(date_potentiel__isnull=True)
                | Q(date_autorise__gte=F("date_potentiel")),
                name="creneau_autorise_apres_potentiel",
            ),
            models.CheckConstraint(
                condition=Q(date_reconnu__isnull=True) | Q(date_autorise__isnull=True) | Q(date_reconnu__gte=F("date_autorise")),
                name="creneau_reconnu_apres_autorise",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_reconnu__isnull=True) | Q(date_fin__gte=F("date_reconnu")),
                name="creneau_fin_apres_reconnu",
            ),
            models.CheckConstraint(
                condition=~Q(statut="fusionne") | Q(fusionne_dans__isnull=False), name="creneau_fusionne_a_une_cible"
            ),
            models.CheckConstraint(
                condition=Q(fusionne_dans__isnull=True) | ~Q(fusionne_dans=F("id")), name="creneau_pas_fusionne_en_lui_meme"
            ),
        ]

    # The date each stage is reached (a merger or a withdrawal ends the créneau).
    DATE_DU_STATUT = {
        Statut.POTENTIEL: "date_potentiel",
        Statut.AUTORISE: "date_autorise",
        Statut.RECONNU: "date_reconnu",
        Statut.FUSIONNE: "date_fin",
        Statut.RETIRE: "date_fin",
    }

    def __str__(self):
        return f"{self.nom} – {self.region_porteuse.nom}"

    def get_absolute_url(self):
        return reverse("creneaux:fiche", args=[self.slug])

    @property
    def secteur_affiche(self):
        """The sector in the active language (French when no English name is given)."""
        return en_anglais(self.secteur_en) or self.secteur

    @property
    def interregional(self):
        return self.autres_regions.exists()

    @property
    def termine(self):
        """A merged or withdrawn créneau is read-only (docs/circuit.md)."""
        return self.statut in STATUTS_TERMINES


# A créneau in one of these stages is read-only: no edit, no new project.
STATUTS_TERMINES = (Creneau.Statut.FUSIONNE, Creneau.Statut.RETIRE)
# The stages, in order: each verb moves one step forward (fusionné and retiré both end it).
SUITE_DES_ETAPES = {
    Creneau.Statut.POTENTIEL: (Creneau.Statut.AUTORISE, Creneau.Statut.RETIRE),
    Creneau.Statut.AUTORISE: (Creneau.Statut.RECONNU, Creneau.Statut.RETIRE),
    Creneau.Statut.RECONNU: (Creneau.Statut.FUSIONNE, Creneau.Statut.RETIRE),
    Creneau.Statut.FUSIONNE: (),
    Creneau.Statut.RETIRE: (),
}


ORDRE_DES_ETAPES = (
    ("date_potentiel", "date_autorise", _("L'autorisation ne peut précéder la désignation comme potentiel.")),
    ("date_autorise", "date_reconnu", _("La reconnaissance ne peut précéder l'autorisation.")),
    ("date_reconnu", "date_fin", _("La fin ne peut précéder la reconnaissance.")),
)


def etapes_dans_le_desordre(dates):
    """{date field: message} for each stage dated before the one it follows; `dates` maps the
    date fields to their values (a form's cleaned data, or `vars(creneau)`)."""
    return {
        apres: [str(message)]
        for avant, apres, message in ORDRE_DES_ETAPES
        if dates.get(avant) and dates.get(apres) and dates[apres] < dates[avant]
    }


class Entente(models.Model):
    class Type(models.TextChoices):
        PRINCIPE = "principe", _("Entente de principe")
        MISE_EN_OEUVRE = "mise_en_oeuvre", _("Entente de mise en œuvre")
        RENOUVELLEMENT = "renouvellement", _("Renouvellement")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="ententes", verbose_name=_("région")
    )
    creneau = models.ForeignKey(
        Creneau, on_delete=models.CASCADE, null=True, blank=True, related_name="ententes", verbose_name=_("créneau")
    )
    titre = models.CharField(_("titre"), max_length=200, blank=True)
    parties = TexteLibre(_("parties"), blank=True, help_text=_("Une partie par ligne."), max_length=NOTE_MAX)
    signataires = TexteLibre(_("signataires"), blank=True, help_text=_("Un signataire par ligne."), max_length=NOTE_MAX)
    date_signature = models.DateField(_("signée le"), null=True, blank=True)
    debut = models.DateField(_("début"), null=True, blank=True)
    fin = models.DateField(_("fin"), null=True, blank=True)
    document = models.FileField(_("entente signée"), upload_to="ententes/%Y/", blank=True)
    # An entente de principe names the region's potential créneaux.
    creneaux_nommes = models.ManyToManyField(
        Creneau, blank=True, related_name="ententes_de_principe", verbose_name=_("créneaux nommés")
    )
    history = historique(m2m_fields=["creneaux_nommes"])

    class Meta:
        ordering = ["date_signature"]
        verbose_name = _("entente")
        verbose_name_plural = _("ententes")
        constraints = [
            # An entente de principe is the region's; the others are a créneau's.
            models.CheckConstraint(
                condition=(Q(type="principe", region__isnull=False, creneau__isnull=True))
                | (~Q(type="principe") & Q(creneau__isnull=False)),
                name="entente_porteur_selon_type",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(debut__isnull=True) | Q(fin__gt=F("debut")), name="entente_fin_apres_debut"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} – {self.creneau or self.region}"

    @property
    def liste_signataires(self):
        return [s.strip() for s in self.signataires.splitlines() if s.strip()]

    def en_vigueur_le(self, jour):
        """A signed entente whose period covers `jour`."""
        return (
            self.date_signature is not None
            and self.date_signature <= jour
            and (self.debut is None or self.debut <= jour)
            and (self.fin is None or jour <= self.fin)
        )


def entente_de_mise_en_oeuvre_en_vigueur(creneau, jour):
    """The créneau's signed entente de mise en œuvre (or renewal) in force on `jour`, or None."""
    ententes = Entente.objects.filter(
        creneau=creneau, type__in=(Entente.Type.MISE_EN_OEUVRE, Entente.Type.RENOUVELLEMENT), date_signature__lte=jour
    ).filter(Q(debut__isnull=True) | Q(debut__lte=jour), Q(fin__isnull=True) | Q(fin__gte=jour))
    return ententes.order_by("-date_signature").first()


class ReglesConsultation(models.TextChoices):
    INTERDITE = "interdite", _("Non permise par le règlement")
    MAJORITE = "majorite", _("Majorité des membres votants")
    UNANIMITE = "unanimite", _("Unanimité des membres votants")


class ComiteQuerySet(models.QuerySet):
    def avec_reglements(self):
        """Prefetch the confirmed règlements (Comite.reglement_en_vigueur() then needs no query)."""
        return self.prefetch_related(
            models.Prefetch("reglements", queryset=Reglement.objects.filter(etat=Reglement.Etat.CONFIRME))
        )

    def avec_membres_actifs(self):
        return self.prefetch_related(
            models.Prefetch(
                "mandats",
                queryset=Mandat.objects.actifs().select_related("personne__organisation").order_by("role", "personne__nom"),
                to_attr="mandats_actifs",
            )
        )


class Comite(models.Model):
    class Type(models.TextChoices):
        REGIONAL = "regional", _("Comité régional ACCORD")
        CRENEAU = "creneau", _("Comité de créneau")
        EXECUTIF = "executif", _("Comité exécutif")
        TRAVAIL = "travail", _("Comité de travail")
        INTERREGIONAL = "interregional", _("Comité interrégional")

    type = models.CharField(_("type"), max_length=15, choices=Type.choices)
    nom = models.CharField(_("nom"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="comites", verbose_name=_("région")
    )
    creneau = models.ForeignKey(
        Creneau, on_delete=models.CASCADE, null=True, blank=True, related_name="comites", verbose_name=_("créneau")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sous_comites", verbose_name=_("comité parent")
    )
    mandat_texte = TexteLibre(_("mandat du comité"), blank=True)
    # Optimistic lock of the comité's edit form (a stale form is refused, never saved over).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = historique()

    objects = ComiteQuerySet.as_manager()

    class Meta:
        ordering = ["type", "nom"]
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=Q(type="regional"), name="un_comite_regional_par_region"),
            models.UniqueConstraint(fields=["creneau"], condition=Q(type="creneau"), name="un_comite_de_creneau_par_creneau"),
            models.CheckConstraint(
                condition=~Q(type="regional") | Q(region__isnull=False, creneau__isnull=True),
                name="comite_regional_a_une_region",
            ),
            models.CheckConstraint(
                condition=~Q(type__in=["creneau", "executif", "travail", "interregional"]) | Q(creneau__isnull=False),
                name="comite_de_creneau_a_un_creneau",
            ),
            models.CheckConstraint(condition=~Q(type="executif") | Q(parent__isnull=False), name="comite_executif_a_un_parent"),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("creneaux:comite", args=[self.pk])

    def membres_par_college(self):
        """[(collège label, active mandats)] — needs `avec_membres_actifs()`."""
        groupes = {college: [] for college in Mandat.College}
        for mandat in self.mandats_actifs:
            groupes[mandat.college].append(mandat)
        return [(college.label, mandats) for college, mandats in groupes.items() if mandats]

    @property
    def gens_affaires_minoritaires(self):
        """A comité de créneau is business-led: business people must be the majority of its voting members."""
        if self.type != self.Type.CRENEAU:
            return False
        votants = [m for m in self.mandats_actifs if m.votant]
        affaires = sum(m.college == Mandat.College.AFFAIRES for m in votants)
        return bool(votants) and 2 * affaires <= len(votants)

    # The règlement's rules, as they stand now (a séance reads the one in force at its
    # convocation: Reunion.reglement()).
    def reglement_en_vigueur(self, moment=None):
        """The règlement in force at `moment` (now by default): the last confirmed version in force
        by then; before the first, that first one; a comité without any has the default rules
        (majority quorum, consultation by majority, no delegation). Uses prefetched `reglements`
        when present (avec_reglements(), or a list set as `reglements_confirmes`)."""
        from noyau.horloge import maintenant

        moment = moment or maintenant()
        cache = getattr(self, "reglements_confirmes", None)
        if cache is None:
            cache = getattr(self, "_prefetched_objects_cache", {}).get("reglements")
        if cache is not None:
            confirmes = sorted((r for r in cache if r.etat == Reglement.Etat.CONFIRME), key=lambda r: (r.en_vigueur_le, r.pk))
        else:
            confirmes = (
                list(Reglement.objects.filter(comite_id=self.pk, etat=Reglement.Etat.CONFIRME).order_by("en_vigueur_le", "pk"))
                if self.pk
                else []
            )
        avant = [r for r in confirmes if r.en_vigueur_le <= moment]
        if avant:
            return avant[-1]
        return confirmes[0] if confirmes else Reglement(comite=self)

    @property
    def reglement(self):
        return self.reglement_en_vigueur()

    @property
    def quorum(self):
        """The quorum fixed by the règlement in force (None: a majority of the voting members)."""
        return self.reglement.quorum

    @property
    def consultation_electronique(self):
        return self.reglement.consultation_electronique

    @property
    def delegation_resolutions(self):
        """Whether the règlement in force delegates the résolutions to this comité exécutif."""
        return self.type == self.Type.EXECUTIF and self.reglement.delegation_resolutions

    @property
    def decide(self):
        """A deciding comité (its créneau's projects): created by the Ministère only."""
        return self.type in TYPES_DECIDEURS

    @property
    def adopte_resolutions(self):
        """Whether this comité may record résolutions on its créneau's projects (docs/circuit.md)."""
        return self.type in {self.Type.CRENEAU, self.Type.INTERREGIONAL} or (
            self.type == self.Type.EXECUTIF and self.delegation_resolutions
        )


# Comités that decide on a créneau's projects: created by the Ministère (creneaux.creer_comite).
TYPES_DECIDEURS = (Comite.Type.CRENEAU, Comite.Type.EXECUTIF, Comite.Type.INTERREGIONAL)


class Reglement(models.Model):
    """One version of a comité's règlement: its quorum, consultation électronique rule, mandate
    length, meeting cadence, delegation and business majority. Set by the Ministère (the direction
    régionale of the comité's region, or the central office), or proposed by the coordination or
    the comité's bureau and then confirmed or refused by the Ministère. A version is never changed
    once in force; it applies to the séances convened from `en_vigueur_le` on."""

    class Etat(models.TextChoices):
        PROPOSE = "propose", _("Proposé, en attente du Ministère")
        CONFIRME = "confirme", _("En vigueur")
        REFUSE = "refuse", _("Refusé par le Ministère")

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="reglements", verbose_name=_("comité"))
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Nombre de membres votants présents requis. Vide : la majorité des membres votants."),
    )
    quorum_reduit = models.BooleanField(
        _("quorum inférieur à la majorité"),
        default=False,
        help_text=_("Le règlement permet expressément un quorum inférieur à la majorité des membres votants."),
    )
    motif_quorum_reduit = TexteLibre(_("raison du quorum réduit"), blank=True, max_length=NOTE_MAX)
    consultation_electronique = models.CharField(
        _("consultation électronique"),
        max_length=10,
        choices=ReglesConsultation.choices,
        default=ReglesConsultation.MAJORITE,
        help_text=_("Ce que le règlement exige pour qu'une proposition soumise par voie électronique soit adoptée."),
    )
    seuil_consultation = models.PositiveSmallIntegerField(
        _("seuil de la consultation (%)"),
        null=True,
        blank=True,
        help_text=_(
            "Majorité qualifiée : pourcentage des membres votants dont le vote favorable est requis (51 à 100). "
            "Vide : la majorité simple."
        ),
    )
    duree_mandat_mois = models.PositiveSmallIntegerField(_("durée des mandats (mois)"), null=True, blank=True)
    seances_par_annee = models.PositiveSmallIntegerField(_("séances prévues par année"), null=True, blank=True)
    delegation_resolutions = models.BooleanField(
        _("délégation des résolutions"),
        default=False,
        help_text=_("Comité exécutif : le règlement lui délègue le pouvoir d'adopter les résolutions."),
    )
    majorite_affaires = models.BooleanField(
        _("majorité des gens d'affaires requise"),
        default=False,
        help_text=_("Un vote ne s'ouvre que si les gens d'affaires sont majoritaires parmi les membres votants présents."),
    )
    etat = models.CharField(_("état"), max_length=10, choices=Etat.choices, default=Etat.CONFIRME)
    en_vigueur_le = models.DateTimeField(_("en vigueur le"), null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("auteur")
    )
    consigne_le = models.DateTimeField(_("consigné le"))
    motif = TexteLibre(_("motif"), max_length=NOTE_MAX)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmé ou refusé par"),
    )
    decide_le = models.DateTimeField(_("confirmé ou refusé le"), null=True, blank=True)
    motif_decision = TexteLibre(_("motif de la décision"), blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["comite", "-consigne_le", "-pk"]
        verbose_name = _("règlement de comité")
        verbose_name_plural = _("règlements de comités")
        constraints = [
            models.CheckConstraint(condition=Q(quorum__isnull=True) | Q(quorum__gte=1), name="reglement_quorum_jamais_nul"),
            models.CheckConstraint(
                condition=Q(quorum_reduit=False) | (Q(quorum__isnull=False) & ~Q(motif_quorum_reduit="")),
                name="reglement_quorum_reduit_motive",
            ),
            models.CheckConstraint(
                condition=Q(seuil_consultation__isnull=True)
                | Q(seuil_consultation__gte=51, seuil_consultation__lte=100, consultation_electronique="majorite"),
                name="reglement_seuil_consultation_borne",
            ),
            models.CheckConstraint(
                condition=Q(duree_mandat_mois__isnull=True) | Q(duree_mandat_mois__gte=1, duree_mandat_mois__lte=120),
                name="reglement_duree_mandat_bornee",
            ),
            models.CheckConstraint(
                condition=Q(seances_par_annee__isnull=True) | Q(seances_par_annee__gte=1, seances_par_annee__lte=52),
                name="reglement_frequence_bornee",
            ),
            models.CheckConstraint(
                condition=(Q(etat="confirme") & Q(en_vigueur_le__isnull=False))
                | (~Q(etat="confirme") & Q(en_vigueur_le__isnull=True)),
                name="reglement_en_vigueur_si_confirme",
            ),
            models.CheckConstraint(condition=~Q(etat="refuse") | Q(decide_le__isnull=False), name="reglement_refus_date"),
            models.CheckConstraint(condition=~Q(motif=""), name="reglement_motive"),
            models.UniqueConstraint(
                fields=["comite"], condition=Q(etat="propose"), name="une_proposition_de_reglement_par_comite"
            ),
        ]

    refus_modification = _("Un règlement en vigueur ou refusé ne se modifie plus : consignez-en une nouvelle version.")

    def __str__(self):
        return f"{self.comite} – {self.get_etat_display()}"

    def save(self, *args, **kwargs):
        # Append-only: a version is written once; only a proposal is then confirmed or refused.
        if self.pk is not None and Reglement.objects.filter(pk=self.pk).exclude(etat=self.Etat.PROPOSE).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError(str(self.refus_modification))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError(str(self.refus_modification))

    def quorum_requis(self, votants):
        """The quorum for `votants` voting members: the fixed one, else their majority."""
        return self.quorum or votants // 2 + 1

    def requis_consultation(self, eligibles):
        """The favourable votes a consultation électronique needs among `eligibles` voting members."""
        if self.consultation_electronique == ReglesConsultation.UNANIMITE:
            return eligibles
        if self.seuil_consultation:
            return -(-eligibles * self.seuil_consultation // 100)
        return eligibles // 2 + 1


class MandatQuerySet(models.QuerySet):
    def actifs(self, jour=None):
        return self.filter(actif_q(jour=jour))

    def confirmes(self):
        return self.filter(confirme_le__isnull=False)

    def votants(self):
        """Members who vote: not observers, and confirmed (docs/seances.md: voting rights take effect
        once the direction régionale confirms them)."""
        return self.confirmes().exclude(role=Mandat.Role.OBSERVATEUR)

    def a_confirmer(self):
        return self.filter(confirme_le__isnull=True).exclude(role=Mandat.Role.OBSERVATEUR)


class Mandat(LibellesDeChoix, models.Model):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("Président·e")
        COPRESIDENT = "copresident", _("Coprésident·e")
        VICE_PRESIDENT = "vice_president", _("Vice-président·e")
        SECRETAIRE = "secretaire", _("Secrétaire")
        MEMBRE = "membre", _("Membre")
        OBSERVATEUR = "observateur", _("Observateur·trice")

    class College(models.TextChoices):
        AFFAIRES = "affaires", _("Gens d'affaires")
        RECHERCHE = "recherche", _("Recherche et formation")
        INTERVENANT = "intervenant", _("Intervenants")

    # Roles that hold the pen for the comité (convene and run séances, approve the procès-verbal).
    ROLES_BUREAU = (Role.PRESIDENT, Role.COPRESIDENT, Role.VICE_PRESIDENT, Role.SECRETAIRE)
    # Who chairs a séance (opens and closes votes, confirms a show-of-hands tally).
    ROLES_PRESIDENCE = (Role.PRESIDENT, Role.COPRESIDENT, Role.VICE_PRESIDENT)

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="mandats", verbose_name=_("personne"))
    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="mandats", verbose_name=_("comité"))
    role = models.CharField(_("rôle"), max_length=15, choices=Role.choices, default=Role.MEMBRE)
    college = models.CharField(_("collège"), max_length=12, choices=College.choices)
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True)
    # A bureau role or a vote takes effect once confirmed: by the direction régionale when a
    # coordination proposed it, at once when the Ministère records it. Observers need none.
    confirme_le = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmé par"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = historique()

    objects = MandatQuerySet.as_manager()

    class Meta:
        ordering = ["comite", "role", "personne__nom"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        constraints = [
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="mandat_fin_apres_debut"),
            models.UniqueConstraint(
                fields=["personne", "comite"], condition=Q(fin__isnull=True), name="un_mandat_ouvert_par_personne_et_comite"
            ),
        ]

    def __str__(self):
        return f"{self.personne} – {self.get_role_display()} – {self.comite}"

    @property
    def votant(self):
        return self.role != self.Role.OBSERVATEUR and self.confirme

    @property
    def confirme(self):
        return self.confirme_le is not None


class Reunion(LibellesDeChoix, models.Model):
    """A séance of a comité (docs/seances.md): planifiée → convoquée → ouverte → levée → procès-verbal
    approuvé. Its agenda, votes and conflicts live in the `seances` app; its state changes only
    through `seances.actions`."""

    class Statut(models.TextChoices):
        PLANIFIEE = "planifiee", _("Planifiée")
        CONVOQUEE = "convoquee", _("Convoquée")
        OUVERTE = "ouverte", _("Ouverte")
        LEVEE = "levee", _("Levée")
        PV_APPROUVE = "pv_approuve", _("Procès-verbal approuvé")
        ANNULEE = "annulee", _("Annulée")

    class Mode(models.TextChoices):
        PRESENCE = "presence", _("En présence")
        HYBRIDE = "hybride", _("Hybride")
        ELECTRONIQUE = "electronique", _("Consultation électronique")

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="reunions", verbose_name=_("comité"))
    date = models.DateTimeField(_("date et heure"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.PRESENCE)
    lieu = models.CharField(_("lieu"), max_length=200, blank=True)
    lien = models.URLField(_("lien de visioconférence"), blank=True)
    echeance = models.DateTimeField(_("échéance de la consultation"), null=True, blank=True)
    statut = models.CharField(_("statut"), max_length=12, choices=Statut.choices, default=Statut.PLANIFIEE)
    ordre_du_jour = TexteLibre(_("notes à l'ordre du jour"), blank=True)
    presents = models.ManyToManyField(
        Personne, blank=True, through="Presence", related_name="reunions", verbose_name=_("présences")
    )
    convoquee_le = models.DateTimeField(_("convoquée le"), null=True, blank=True)
    convoquee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convoquée par"),
    )
    ouverte_le = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    levee_le = models.DateTimeField(_("levée le"), null=True, blank=True)
    rappel_le = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The calendar invitation's SEQUENCE (RFC 5545), raised each time the séance is rescheduled
    # or cancelled (seances.calendrier).
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0)
    # The procès-verbal generated by the portal, frozen once the chair and the secretary approve it.
    pv = models.FileField(_("procès-verbal (PDF)"), upload_to="proces_verbaux/%Y/", blank=True)
    pv_president_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approuvé par la présidence"),
    )  # fmt: skip
    pv_president_le = models.DateTimeField(_("approuvé par la présidence le"), null=True, blank=True)
    pv_secretaire_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approuvé par le secrétariat"),
    )  # fmt: skip
    pv_secretaire_le = models.DateTimeField(_("approuvé par le secrétariat le"), null=True, blank=True)
    # A signed scan, optional, checked by content like attachments.
    proces_verbal = models.FileField(_("procès-verbal signé"), upload_to="proces_verbaux/%Y/", blank=True)
    history = historique()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="electronique") | Q(echeance__isnull=False), name="consultation_a_une_echeance"
            ),
            models.CheckConstraint(
                condition=Q(echeance__isnull=True) | Q(echeance__gt=F("date")), name="echeance_apres_ouverture"
            ),
        ]

    def __str__(self):
        return f"{self.comite} – {timezone.localtime(self.date):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("seances:detail", args=[self.pk])

    @property
    def electronique(self):
        return self.mode == self.Mode.ELECTRONIQUE

    def reglement(self):
        """The comité's règlement that governs this séance: the one in force when it was convened
        (a change applies to séances convened after it); not convened yet, the current one."""
        return self.comite.reglement_en_vigueur(self.convoquee_le)

    def quorum(self, mandats=None, presences=None):
        """The attendance that counts for a vote: a Quorum of the comité's confirmed voting
        members on the séance's day, those present (counted presences), and the rule of the
        séance's règlement. A page that has loaded the day's mandates and the presences (with
        their personne) passes them."""
        if mandats is None:
            jour = timezone.localdate(self.date)
            lignes = (
                Mandat.objects.filter(actif_q(jour=jour), comite_id=self.comite_id)
                .votants()
                .values_list("personne_id", "personne__organisation_id", "college")
            )
        else:
            lignes = [(m.personne_id, m.personne.organisation_id, m.college) for m in mandats if m.votant]
        votants = {pk: org for pk, org, _c in lignes}
        affaires = frozenset(pk for pk, _o, college in lignes if college == Mandat.College.AFFAIRES)
        if presences is None:
            presents = dict(self.presences.filter(valide=True).values_list("personne_id", "personne__organisation_id"))
        else:
            presents = {p.personne_id: p.personne.organisation_id for p in presences if p.valide}
        reglement = self.reglement()
        return Quorum(
            votants=votants,
            presents=presents,
            requis=reglement.quorum_requis(len(votants)),
            affaires=affaires,
            majorite_affaires=reglement.majorite_affaires,
        )

    @property
    def pv_approuve(self):
        return self.statut == self.Statut.PV_APPROUVE


@dataclass(frozen=True)
class Quorum:
    votants: dict  # personne id → organisation id, confirmed voting members
    presents: dict  # personne id → organisation id, counted presences (voting or not)
    requis: int
    # Voting members of the business college, and whether the règlement wants them the majority
    # of the voting members present.
    affaires: frozenset = frozenset()
    majorite_affaires: bool = False

    @property
    def votants_presents(self):
        return set(self.votants) & set(self.presents)

    @property
    def atteint(self):
        return len(self.votants_presents) >= self.requis

    @property
    def affaires_presents(self):
        return self.votants_presents & self.affaires

    @property
    def affaires_majoritaires(self):
        """Business people hold the majority of the voting members present (always true when the
        règlement does not require it)."""
        return not self.majorite_affaires or 2 * len(self.affaires_presents) > len(self.votants_presents)


class Presence(models.Model):
    """A member's attendance at a séance. A member checking in counts at once; a presence marked
    by the secretary counts once the chair confirms it (two people)."""

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="presences", verbose_name=_("séance"))
    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="presences", verbose_name=_("personne"))
    arrivee = models.DateTimeField(_("arrivée"), null=True, blank=True)
    inscrite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscrite par"),
    )
    confirmee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmée par"),
    )
    valide = models.BooleanField(_("comptée"), default=True)

    class Meta:
        db_table = "creneaux_reunion_presents"
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [models.UniqueConstraint(fields=["reunion", "personne"], name="une_presence_par_personne")]

    def __str__(self):
        return f"{self.personne} – {self.reunion}"


class Coordination(models.Model):
    personne = models.ForeignKey(Personne, on_delete=models.PROTECT, related_name="coordinations", verbose_name=_("personne"))
    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="coordinations", verbose_name=_("créneau"))
    employeur = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coordinations", verbose_name=_("employeur")
    )
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True)
    # Appointed and ended by the Ministère (creneaux.actions.nommer_coordination, terminer_coordination).
    history = historique()

    class Meta:
        ordering = ["-debut"]
        verbose_name = _("coordination")
        verbose_name_plural = _("coordinations")
        constraints = [
            models.UniqueConstraint(
                fields=["creneau"], condition=Q(fin__isnull=True), name="une_coordination_active_par_creneau"
            ),
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="coordination_fin_apres_debut"),
        ]

    def __str__(self):
        return f"{self.personne} – {self.creneau.nom}"


class Collaboration(models.Model):
    """Intercréneaux collaboration: a joint project, an interregional committee, a merger study."""

    titre = models.CharField(_("titre"), max_length=200)
    description = TexteLibre(_("description"), blank=True)
    creneaux = models.ManyToManyField(Creneau, related_name="collaborations", verbose_name=_("créneaux"))
    debut = models.DateField(_("début"), null=True, blank=True)
    fin = models.DateField(_("fin"), null=True, blank=True)
    history = historique()

    class Meta:
        ordering = ["-debut", "titre"]
        verbose_name = _("collaboration intercréneaux")
        verbose_name_plural = _("collaborations intercréneaux")

    def __str__(self):
        return self.titre


class DemandeCollaboration(models.Model):
    """A créneau's consent on a collaboration: to take part (a collaboration naming another créneau
    shows on its fiche once its coordination accepts) or to leave it (a participant leaves only
    with its coordination's consent, or by itself). Who asked, who answered, when."""

    class Objet(models.TextChoices):
        PARTICIPATION = "participation", _("Participation")
        RETRAIT = "retrait", _("Retrait")

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("En attente")
        ACCEPTEE = "acceptee", _("Acceptée")
        REFUSEE = "refusee", _("Refusée")

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="demandes", verbose_name=_("collaboration")
    )
    creneau = models.ForeignKey(
        Creneau, on_delete=models.CASCADE, related_name="demandes_collaboration", verbose_name=_("créneau invité")
    )
    demandeur = models.ForeignKey(
        Creneau, on_delete=models.CASCADE, related_name="demandes_envoyees", verbose_name=_("créneau demandeur")
    )
    objet = models.CharField(_("objet"), max_length=13, choices=Objet.choices, default=Objet.PARTICIPATION)
    statut = models.CharField(_("statut"), max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE)
    demandee_le = models.DateTimeField(_("demandée le"))
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    repondue_le = models.DateTimeField(_("répondue le"), null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    history = historique()

    class Meta:
        ordering = ["-demandee_le"]
        verbose_name = _("demande de collaboration")
        verbose_name_plural = _("demandes de collaboration")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "creneau"],
                condition=Q(statut="en_attente"),
                name="une_demande_en_attente_par_creneau_et_collaboration",
            )
        ]

    def __str__(self):
        return f"{self.collaboration} → {self.creneau.nom}"


class PartenariatInternational(models.Model):
    class Type(models.TextChoices):
        POLE = "pole", _("Pôle ou grappe étrangère")
        MISSION = "mission", _("Mission")
        STAGE = "stage", _("Stage")
        RECHERCHE = "recherche", _("Recherche conjointe")
        COMMERCIAL = "commercial", _("Partenariat commercial")

    class Maturite(models.IntegerChoices):
        EXPLORATION = 1, _("Exploration")
        DEMARRAGE = 2, _("Démarrage")
        REALISATION = 3, _("En réalisation")
        CONSOLIDE = 4, _("Consolidé")
        TERMINE = 5, _("Terminé")

    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="partenariats", verbose_name=_("créneau"))
    partenaire = models.CharField(_("partenaire"), max_length=200)
    pays = models.CharField(_("pays"), max_length=100)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    maturite = models.PositiveSmallIntegerField(_("maturité"), choices=Maturite.choices, default=Maturite.EXPLORATION)
    description = TexteLibre(_("description"), blank=True)
    debut = models.DateField(_("début"), null=True, blank=True)
    history = historique()

    class Meta:
        ordering = ["pays", "partenaire"]
        verbose_name = _("partenariat international")
        verbose_name_plural = _("partenariats internationaux")

    def __str__(self):
        return f"{self.partenaire} ({self.pays})"


class Enjeu(models.TextChoices):
    """The recurring issues every créneau reports on; projects are classified by one of them."""

    MOBILISATION = "mobilisation", _("Mobilisation")
    GOUVERNANCE = "gouvernance", _("Gouvernance")
    COMMUNICATION = "communication", _("Communication")
    INTERCRENEAUX = "intercreneaux", _("Collaboration intercréneaux")
    MAIN_OEUVRE = "main_oeuvre", _("Main-d'œuvre")
    INNOVATION = "innovation", _("Innovation")
    INTERNATIONAL = "international", _("Développement international")


class MembreCreneauQuerySet(models.QuerySet):
    def actifs(self, jour=None):
        return self.filter(actif_q(jour=jour))


class MembreCreneau(models.Model):
    """A company member of a créneau, with the dates of its membership; a « leader » company
    carries the sector (the démarche asks for at least one, and for a critical mass of members)."""

    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="membres_entreprises", verbose_name=_("créneau"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="adhesions_creneaux", verbose_name=_("entreprise")
    )
    debut = models.DateField(_("membre depuis"))
    fin = models.DateField(_("membre jusqu'au"), null=True, blank=True)
    leader = models.BooleanField(
        _("entreprise leader"), default=False, help_text=_("Une entreprise qui entraîne le secteur (démarche ACCORD).")
    )
    history = historique()

    objects = MembreCreneauQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__nom", "debut"]
        verbose_name = _("entreprise membre")
        verbose_name_plural = _("entreprises membres")
        constraints = [
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="membre_creneau_fin_apres_debut"),
            models.UniqueConstraint(fields=["creneau", "organisation", "debut"], name="membre_creneau_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.creneau.nom}"


def masse_critique(creneau, jour=None):
    """{"entreprises": active member companies, "leaders": of which leaders} on `jour` (one query)."""
    return (
        MembreCreneau.objects.actifs(jour)
        .filter(creneau=creneau)
        .aggregate(
            entreprises=Count("organisation", distinct=True),
            leaders=Count("organisation", distinct=True, filter=Q(leader=True)),
        )
    )


class DossierExcellence(models.Model):
    """What a potential créneau files to be authorised: its comparative advantages, its critical
    mass (computed from its member companies) and the documentation proving its excellence. The
    Ministère's authorisation cites it (its figures are frozen in it on that day)."""

    creneau = models.OneToOneField(
        Creneau, on_delete=models.CASCADE, related_name="dossier_excellence", verbose_name=_("créneau")
    )
    avantages_comparatifs = TexteLibre(_("avantages comparatifs"))
    documentation = models.FileField(_("documentation"), upload_to="dossiers_excellence/%Y/")
    depose_le = models.DateTimeField(_("déposé le"), default=maintenant)
    # Figures cited by the authorisation (frozen on that day).
    cite_le = models.DateField(_("cité par l'autorisation du"), null=True, blank=True)
    entreprises_citees = models.PositiveIntegerField(_("entreprises membres à l'autorisation"), null=True, blank=True)
    leaders_cites = models.PositiveIntegerField(_("entreprises leaders à l'autorisation"), null=True, blank=True)
    history = historique()

    class Meta:
        verbose_name = _("dossier d'excellence")
        verbose_name_plural = _("dossiers d'excellence")

    def __str__(self):
        return f"{self.creneau.nom}"
