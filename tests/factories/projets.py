import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone

from comptes.models import AffectationMinistere
from creneaux.models import Mandat, Organisation
from projets.models import STATUTS_ENGAGES, Decision, Depense, Financement, Programme, Projet, Statut
from tests.factories.comptes import AffectationMinistereFactory, UserFactory
from tests.factories.creneaux import (
    ComiteFactory,
    ComiteRegionalFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    OrganisationFactory,
    PersonneFactory,
    ReunionFactory,
)
from tests.factories.regions import region

__all__ = [
    "fsdce",
    "ProgrammeFactory",
    "ProjetFactory",
    "DepenseFactory",
    "FinancementFactory",
    "Circuit",
    "circuit",
    "analyse_faite",
]


def fsdce():
    """The default programme created by the data migration."""
    return Programme.objects.prefetch_related("regles").get(sigle="FSDCE")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """Another programme (no rules: add RegleAide rows as needed)."""

    class Meta:
        model = Programme

    nom = factory.Sequence(lambda n: f"Programme {n}")
    sigle = factory.Sequence(lambda n: f"PRG{n}")
    ouverture = datetime.date(2020, 4, 1)


class DepenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Depense

    categorie = Depense.Categorie.HONORAIRES
    montant = Decimal("100000.00")
    admissible = True


class FinancementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financement

    source = Financement.Source.PORTEUR
    montant = Decimal("10000.00")
    confirme = True


class ProjetFactory(factory.django.DjangoModelFactory):
    """A submittable project by default: porteur (association) + 2 partners, 100 000 $ of eligible
    costs financed by 50 000 $ FSDCE, 30 000 $ porteur, 20 000 $ private. `budget=False` for a bare
    draft. Any `statut` may be given (for tests; real changes go through projets.actions)."""

    class Meta:
        model = Projet
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Projet structurant {n}")
    creneau = factory.SubFactory(CreneauFactory)
    programme = factory.LazyFunction(fsdce)
    porteur = factory.SubFactory(
        OrganisationFactory, type=Organisation.Type.ASSOCIATION, region=factory.SelfAttribute("..creneau.region_porteuse")
    )
    description = "Mutualiser la veille technologique des fabricants."
    objectifs = "Trois ateliers, un portail de veille."
    enjeu = "innovation"
    date_debut = datetime.date(2026, 6, 1)
    date_fin = datetime.date(2027, 5, 31)
    statut = Statut.BROUILLON
    numero = factory.LazyAttributeSequence(lambda p, n: None if p.statut == Statut.BROUILLON else f"TEST-{n:05d}")
    exercice = factory.LazyAttribute(lambda p: None if p.numero is None else 2026)
    soumis_le = factory.LazyAttribute(lambda p: None if p.numero is None else timezone.now())
    montant_accorde = factory.LazyAttribute(lambda p: Decimal("50000.00") if p.statut in STATUTS_ENGAGES else None)

    @factory.post_generation
    def partenaires(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = OrganisationFactory.create_batch(2, type=Organisation.Type.RECHERCHE)
        self.partenaires.set(extracted)

    @factory.post_generation
    def convention(self, create, extracted, **kwargs):
        """A project en réalisation (or terminé) has its convention, signed on its start day."""
        if not create or extracted is False or self.statut not in (Statut.EN_REALISATION, Statut.TERMINE):
            return
        signee = timezone.make_aware(datetime.datetime.combine(self.date_debut or datetime.date(2026, 6, 1), datetime.time(12)))
        Decision.objects.create(
            projet=self,
            etape=Decision.Etape.CONVENTION,
            de_statut=Statut.ACCEPTE,
            vers_statut=Statut.EN_REALISATION,
            auteur=extracted or UserFactory(),
            horodatage=signee,
        )

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        DepenseFactory(projet=self, montant=Decimal("90000.00"))
        DepenseFactory(projet=self, categorie=Depense.Categorie.DEPLACEMENT, montant=Decimal("10000.00"))
        FinancementFactory(projet=self, source=Financement.Source.FSDCE, montant=Decimal("50000.00"), confirme=False)
        FinancementFactory(projet=self, source=Financement.Source.PORTEUR, montant=Decimal("30000.00"))
        FinancementFactory(projet=self, source=Financement.Source.PRIVE, montant=Decimal("20000.00"))


def analyse_faite(projet, par=None, **champs):
    """The direction régionale's analysis of `projet`'s current passage at the Ministère (a Decision
    row as projets.actions.analyser writes it, without recommendation unless `champs` give one):
    the bureau central may then accept or refuse it. `par`: its author (a new user by default)."""
    return Decision.objects.create(
        projet=projet,
        etape=Decision.Etape.ANALYSE,
        de_statut=Statut.MINISTERE,
        vers_statut=Statut.MINISTERE,
        auteur=par or UserFactory(),
        motif="Projet conforme au guide de gestion.",
        **champs,
    )


def _bureau_et_membres(comite, role_plume, nb_membres, college=Mandat.College.AFFAIRES):
    """A comité with one user at the pen (`role_plume`), a président·e and plain voting members."""
    plume = MandatFactory(comite=comite, role=role_plume, college=college, personne=PersonneFactory(avec_compte=True))
    membres = [plume.personne]
    if role_plume != Mandat.Role.PRESIDENT:
        membres.append(
            MandatFactory(
                comite=comite, role=Mandat.Role.PRESIDENT, college=college, personne=PersonneFactory(avec_compte=True)
            ).personne
        )
    while len(membres) < nb_membres:
        membres.append(MandatFactory(comite=comite, college=college, personne=PersonneFactory(avec_compte=True)).personne)
    return plume.personne.user, membres


@dataclass
class Circuit:
    """Everyone a project meets on its way, for one créneau (see `circuit()`)."""

    creneau: object
    coordination: object  # user
    comite_creneau: object
    secretaire: object  # user: secrétaire of the comité de créneau
    membres_creneau: list  # Personnes with a voting mandat (secrétaire included)
    membre: object  # user: a plain member of the comité de créneau
    comite_regional: object
    president_regional: object  # user
    membres_regional: list
    dr: object  # user: direction régionale of the region
    central: object  # user
    reunion_creneau: object  # past meeting, every voting member present
    reunion_regionale: object
    observateur: object = None

    def projet(self, analyse=True, **kwargs):
        """A project of this créneau; one au Ministère comes analysed by the direction régionale
        (`analyse=False`: still waiting for its analysis)."""
        projet = ProjetFactory(creneau=self.creneau, **kwargs)
        if analyse and projet.statut == Statut.MINISTERE:
            analyse_faite(projet, par=self.dr)
        return projet


def circuit(code_region="17", voisin: Circuit | None = None) -> Circuit:
    """A créneau of region `code_region` with its coordination, a comité de créneau of 5 voting
    members (+1 observer), its region's comité régional of 5, their bureaus, a past meeting of
    each with every member present, the direction régionale and a central ministry account.

    `voisin`: another Circuit whose central account (and, in the same region, comité régional and
    direction régionale) this one shares.
    """
    r = region(code_region)
    creneau = CreneauFactory(region_porteuse=r)
    coordination = CoordinationFactory(creneau=creneau).personne.user
    comite = ComiteFactory(creneau=creneau)
    secretaire, membres = _bureau_et_membres(comite, Mandat.Role.SECRETAIRE, 5)
    observateur = MandatFactory(comite=comite, role=Mandat.Role.OBSERVATEUR, college=Mandat.College.INTERVENANT).personne
    hier = timezone.now() - datetime.timedelta(days=1)
    reunion_creneau = ReunionFactory(comite=comite, date=hier)
    reunion_creneau.presents.set([*membres, observateur])
    if voisin is not None and voisin.creneau.region_porteuse_id == r.pk:
        regional, president, membres_regional = voisin.comite_regional, voisin.president_regional, voisin.membres_regional
        reunion_regionale, dr = voisin.reunion_regionale, voisin.dr
    else:
        regional = ComiteRegionalFactory(region=r)
        president, membres_regional = _bureau_et_membres(regional, Mandat.Role.PRESIDENT, 5, Mandat.College.INTERVENANT)
        reunion_regionale = ReunionFactory(comite=regional, date=hier)
        reunion_regionale.presents.set(membres_regional)
        dr = AffectationMinistereFactory(region=r).user
    central = (
        voisin.central
        if voisin is not None
        else AffectationMinistereFactory(niveau=AffectationMinistere.Niveau.CENTRAL, region=None).user
    )
    return Circuit(
        creneau=creneau,
        coordination=coordination,
        comite_creneau=comite,
        secretaire=secretaire,
        membres_creneau=membres,
        membre=membres[-1].user,
        comite_regional=regional,
        president_regional=president,
        membres_regional=membres_regional,
        dr=dr,
        central=central,
        reunion_creneau=reunion_creneau,
        reunion_regionale=reunion_regionale,
        observateur=observateur,
    )
