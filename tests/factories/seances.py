"""Séances (docs/seances.md): a comité ready to sit, its bureau, members with accounts, a project
before it and a séance."""

import datetime
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from creneaux.models import Comite, Mandat, Presence, Reunion
from projets.models import Statut
from seances.models import Point
from tests.factories.creneaux import (
    ComiteFactory,
    ComiteRegionalFactory,
    CoordinationFactory,
    CreneauFactory,
    MandatFactory,
    PersonneFactory,
    ReunionFactory,
)
from tests.factories.projets import ProjetFactory
from tests.factories.regions import region

__all__ = ["PointFactory", "SeancePrete", "seance_prete", "membre_avec_compte", "point_ouvert"]


class PointFactory(factory.django.DjangoModelFactory):
    """A project item on the agenda of an open séance (its project before the comité)."""

    class Meta:
        model = Point

    seance = factory.SubFactory(ReunionFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    type = Point.Type.PROJET
    projet = factory.LazyAttribute(
        lambda p: ProjetFactory(creneau=p.seance.comite.creneau, statut=Statut.COMITE_CRENEAU) if p.type == "projet" else None
    )
    titre = factory.LazyAttribute(lambda p: p.projet.titre if p.projet else "Point libre")


def point_ouvert(seance, projet=None, *, enveloppe=None, proposition=Point.Proposition.ADOPTER) -> Point:
    """The item of `seance` on `projet` (or on the répartition of `enveloppe`), its vote open on
    `proposition`: what a comité's verb of projets.actions requires when a test calls it directly
    (in the portal, seances.actions.clore_vote runs it on such an item). A project's item already
    on the agenda is opened."""
    ouvert = {"etat": Point.Etat.VOTE_OUVERT, "proposition": proposition, "vote_ouvert_le": timezone.now()}
    if projet is not None:
        point, _cree = Point.objects.update_or_create(
            seance=seance,
            projet=projet,
            defaults=ouvert,
            create_defaults={**ouvert, "type": Point.Type.PROJET, "ordre": seance.points.count() + 1, "titre": projet.titre},
        )
        return point
    return PointFactory(
        seance=seance, type=Point.Type.REPARTITION, projet=None, enveloppe=enveloppe, parts={}, titre="Répartition", **ouvert
    )


def membre_avec_compte(comite, role=Mandat.Role.MEMBRE, **kwargs):
    """A member of `comite` with a user account (confirmed mandate unless confirme_le=None);
    returns the user."""
    return MandatFactory(comite=comite, role=role, personne=PersonneFactory(avec_compte=True), **kwargs).personne.user


@dataclass
class SeancePrete:
    """A comité with a confirmed chair and secretary, voting members with accounts, its séance and
    the projects on its agenda (see `seance_prete()`)."""

    comite: object
    creneau: object  # the créneau of the comité (or of the projects, for a comité régional)
    coordination: object  # user coordinating the créneau
    president: object  # user
    secretaire: object  # user
    membres: list  # users of every voting member, chair and secretary first
    seance: object
    projets: list = field(default_factory=list)
    points: list = field(default_factory=list)

    @property
    def projet(self):
        return self.projets[0]

    @property
    def point(self):
        return self.points[0]

    @property
    def votants(self):
        """Plain voting members (neither chair nor secretary)."""
        return self.membres[2:]

    def relire(self):
        self.seance.refresh_from_db()
        for p in self.points:
            p.refresh_from_db()
        for p in self.projets:
            p.refresh_from_db()
        return self


def seance_prete(
    *,
    comite=None,
    regional=False,
    code_region="17",
    nb_membres=5,
    statut=Reunion.Statut.OUVERTE,
    date=None,
    nb_projets=1,
    presents=True,
    **seance,
) -> SeancePrete:
    """A comité de créneau (or the comité régional of `code_region` if `regional`) with a confirmed
    président·e, secrétaire and `nb_membres` voting members in all, each with a user account;
    the créneau's coordination; `nb_projets` projects at the comité's stage on the agenda of a
    séance in `statut` (open by default, an hour ago; a planned or convened one is tomorrow);
    every voting member checked in if the séance is open and `presents`."""
    if comite is None:
        comite = (
            ComiteRegionalFactory(region=region(code_region))
            if regional
            else ComiteFactory(creneau=CreneauFactory(region_porteuse=region(code_region)))
        )
    regional = comite.type == Comite.Type.REGIONAL
    creneau = CreneauFactory(region_porteuse=comite.region) if regional else comite.creneau
    coordination = CoordinationFactory(creneau=creneau).personne.user
    president = membre_avec_compte(comite, Mandat.Role.PRESIDENT)
    secretaire = membre_avec_compte(comite, Mandat.Role.SECRETAIRE)
    membres = [president, secretaire] + [membre_avec_compte(comite) for _ in range(nb_membres - 2)]
    if date is None:
        decalage = (
            datetime.timedelta(hours=-1)
            if statut not in (Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE)
            else (datetime.timedelta(days=1))
        )
        date = timezone.now() + decalage
    if statut != Reunion.Statut.PLANIFIEE:
        seance.setdefault("convoquee_le", min(date, timezone.now()) - datetime.timedelta(days=7))
        seance.setdefault("convoquee_par", secretaire)
    if statut in (Reunion.Statut.OUVERTE, Reunion.Statut.LEVEE, Reunion.Statut.PV_APPROUVE):
        seance.setdefault("ouverte_le", date)
    s = ReunionFactory(comite=comite, date=date, statut=statut, **seance)
    etape = Statut.COMITE_REGIONAL if regional else Statut.COMITE_CRENEAU
    projets = [ProjetFactory(creneau=creneau, statut=etape) for _ in range(nb_projets)]
    points = [PointFactory(seance=s, ordre=i, projet=p, titre=f"{p.numero} {p.titre}") for i, p in enumerate(projets, start=1)]
    if presents and statut == Reunion.Statut.OUVERTE:
        Presence.objects.bulk_create(
            [Presence(reunion=s, personne=u.personne, arrivee=timezone.now(), inscrite_par=u, valide=True) for u in membres]
        )
    return SeancePrete(
        comite=comite,
        creneau=creneau,
        coordination=coordination,
        president=president,
        secretaire=secretaire,
        membres=membres,
        seance=s,
        projets=projets,
        points=points,
    )


def resolution(reunion, *, par, numero, pour=0, contre=0, abstentions=0, proposition=Point.Proposition.ADOPTER,
               adoptee=None, texte="", motif_renvoi="", en_conflit=(), systeme=False):  # fmt: skip
    """The Resolution the closing of a vote at `reunion` would hand to an object's verb (what
    seances.actions builds, for tests that call an object's verb on its own)."""
    from creneaux.sceau import sceller

    return sceller(
        seance=reunion, comite=reunion.comite, point_id=0, numero=numero, proposition=proposition,
        adoptee=(pour > contre) if adoptee is None else adoptee, pour=pour, contre=contre, abstentions=abstentions,
        date=timezone.now(), par=par, par_systeme=systeme, texte=texte, motif_renvoi=motif_renvoi,
        en_conflit=tuple(getattr(x, "pk", x) for x in en_conflit),
    )  # fmt: skip


class EnSeance:
    """The comité verbs of projets.actions called as a séance's closing calls them: each builds
    the Resolution from the former arguments (par, reunion, numero, votes, motif) and runs the
    verb. The séance's own checks (quorum, bureau, open vote) are tested in tests/seances."""

    def __getattr__(self, nom):
        from projets import actions

        verbe = getattr(actions, nom)
        if nom == "adopter_repartition":
            return lambda enveloppe, *, par, reunion, numero, parts, motif="": verbe(
                enveloppe, resolution=resolution(reunion, par=par, numero=numero, pour=1, texte=motif), parts=parts
            )

        def appel(projet, *, par, reunion, numero, pour=0, contre=0, abstentions=0, motif="", en_conflit=(),
                  fichier=None, version=None):  # fmt: skip
            renvoi = nom == "renvoyer"
            r = resolution(
                reunion, par=par, numero=numero, pour=pour, contre=contre, abstentions=abstentions,
                proposition=Point.Proposition.RENVOYER if renvoi else Point.Proposition.ADOPTER,
                adoptee=True if renvoi else None, texte="" if renvoi else motif, motif_renvoi=motif if renvoi else "",
                en_conflit=en_conflit,
            )  # fmt: skip
            return verbe(projet, resolution=r, fichier=fichier, version=version)

        return appel


en_seance = EnSeance()
