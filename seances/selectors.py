"""What the séance pages read, each in a fixed number of queries whatever the number of members,
items and votes (docs/seances.md). Pages never query from templates: they get these."""

import hashlib
import re
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from bilans.models import BilanAnnuel
from creneaux.models import Comite, Creneau, Mandat, Personne, Presence, Reunion, actif_q
from creneaux.roles import roles_de
from noyau.horloge import maintenant
from noyau.permissions import verifier
from projets.models import Enveloppe, Projet
from projets.models import Statut as StatutProjet
from seances.models import Point

Statut = Reunion.Statut
A_VENIR = (Statut.PLANIFIEE, Statut.CONVOQUEE)


def visibles(user):
    """The séances `user` may open (rule `seances.voir`): those of the comités they sit on, of
    the créneaux they coordinate, of their region for the Ministère; all for the central office
    and the administrators."""
    roles = roles_de(user)
    qs = Reunion.objects.select_related("comite__creneau", "comite__region")
    if not roles.authentifie:
        return qs.none()
    if roles.central or roles.admin:
        return qs
    q = Q(comite__in=roles.comites) | Q(comite__creneau__in=roles.coordination)
    if roles.directions_regionales:
        q |= Q(comite__region__in=roles.directions_regionales) | Q(
            comite__creneau__region_porteuse__in=roles.directions_regionales
        )
    return qs.filter(q)


def liste(user):
    """Visible séances, the one in session first, then the coming ones (soonest first), then the
    past ones (latest first)."""
    return (
        visibles(user)
        .annotate(
            rang=Case(
                When(statut=Statut.OUVERTE, then=Value(0)),
                When(statut__in=A_VENIR, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            prochaine=Case(When(statut__in=(Statut.OUVERTE, *A_VENIR), then=F("date"))),
        )
        .prefetch_related(Prefetch("points", queryset=Point.objects.only("pk", "seance_id", "etat")))
        .order_by("rang", F("prochaine").asc(nulls_last=True), "-date", "-pk")
    )


def prochaines(user):
    """For the home page: the coming convened séances (and those in session) of the comités the
    user sits on, with their agenda and each project's dossier."""
    roles = roles_de(user)
    if not roles.comites:
        return []
    debut = timezone.localtime(maintenant()).replace(hour=0, minute=0, second=0, microsecond=0)
    seances = list(
        Reunion.objects.filter(comite__in=roles.comites)
        .filter(Q(statut=Statut.OUVERTE) | Q(statut=Statut.CONVOQUEE, date__gte=debut))
        .select_related("comite__creneau", "comite__region")
        .prefetch_related(Prefetch("points", queryset=Point.objects.select_related("projet").order_by("ordre", "pk")))
        .order_by("date")[:10]
    )
    for s in seances:
        s.vote_ouvert = any(p.ouvert for p in s.points.all())
    return seances


def seance(pk):
    """The séance of a page (the object of its rules), or 404."""
    return get_object_or_404(
        Reunion.objects.select_related(
            "comite__creneau__region_porteuse", "comite__region", "convoquee_par", "pv_president_par", "pv_secretaire_par"
        ),
        pk=pk,
    )


def point(pk):
    """An agenda item and its séance (the rules' object), or 404."""
    return get_object_or_404(Point.objects.select_related("seance__comite__creneau", "seance__comite__region"), pk=pk)


def presence(pk):
    return get_object_or_404(Presence.objects.select_related("reunion__comite__creneau", "reunion__comite__region"), pk=pk)


def ordre_du_jour(s):
    return list(Point.objects.pour_seance().filter(seance=s).order_by("ordre", "pk"))


def membres(s):
    """The comité's active mandates on the séance's day, bureau first."""
    rang = Case(
        *(When(role=r, then=Value(i)) for i, r in enumerate(Mandat.Role.values)),
        output_field=IntegerField(),
    )
    return list(
        Mandat.objects.filter(actif_q(jour=timezone.localdate(s.date)), comite_id=s.comite_id)
        .select_related("personne__organisation", "personne__user")
        .annotate(rang=rang)
        .order_by("rang", "personne__nom", "personne__prenom")
    )


def presences(s):
    return list(s.presences.select_related("personne", "inscrite_par", "confirmee_par").order_by("arrivee", "pk"))


def projets_en_attente(comite):
    """The projects waiting for this comité at its stage (candidates for the agenda)."""
    etape = etape_du_comite(comite)
    if etape is None:
        return Projet.objects.none()
    qs = Projet.objects.filter(statut=etape).select_related("creneau")
    qs = qs.filter(creneau__region_porteuse_id=comite.region_id) if comite.region_id else qs.filter(creneau_id=comite.creneau_id)
    return qs.order_by("numero", "titre")


def bilans_du_creneau(comite):
    if not comite.creneau_id:
        return BilanAnnuel.objects.none()
    return BilanAnnuel.objects.filter(creneau_id=comite.creneau_id).select_related("creneau").order_by("-exercice")


def enveloppes(comite):
    if not comite.region_id:
        return Enveloppe.objects.none()
    return Enveloppe.objects.filter(region_id=comite.region_id).select_related("programme", "region")


def creneaux_de_la_region(comite):
    if not comite.region_id:
        return []
    return list(
        Creneau.objects.filter(region_porteuse_id=comite.region_id)
        .exclude(statut__in=(Creneau.Statut.FUSIONNE, Creneau.Statut.RETIRE))
        .order_by("nom")
    )


# ---------------------------------------------------------------------------------------------
# The séance in session, as the user sees it


@dataclass
class LigneMembre:
    mandat: Mandat
    presence: Presence | None = None
    vote: object = None
    conflit: object = None

    @property
    def personne(self):
        return self.mandat.personne

    @property
    def present(self):
        return self.presence is not None and self.presence.valide

    @property
    def a_confirmer(self):
        return self.presence is not None and not self.presence.valide


@dataclass
class Tableau:
    """Everything the séance-en-cours page shows to one user."""

    seance: Reunion
    points: list
    lignes: list
    quorum: object
    courant: Point | None
    moi: Personne | None
    ma_ligne: LigneMembre | None
    presider: object
    secretariat: object
    sieger: object
    a_marquer: list = field(default_factory=list)
    decompte: object = None  # the last show-of-hands tally typed on the current item, while its vote is open

    @property
    def a_confirmer(self):
        return [ligne for ligne in self.lignes if ligne.a_confirmer]

    @property
    def vote_ouvert(self):
        return self.courant is not None and self.courant.ouvert

    @property
    def votes_exprimes(self):
        return len(self.courant.votes.all()) if self.courant else 0

    @property
    def habilites(self):
        """Present voting members not in conflict on the current item."""
        if self.courant is None:
            return 0
        conflits = {c.personne_id for c in self.courant.conflits.all()}
        return len(self.quorum.votants_presents - conflits)

    @property
    def mon_vote(self):
        return self.ma_ligne.vote if self.ma_ligne else None

    @property
    def mon_conflit(self):
        return self.ma_ligne.conflit if self.ma_ligne else None

    @property
    def je_suis_present(self):
        return bool(self.ma_ligne and self.ma_ligne.present)

    @property
    def je_vote(self):
        return bool(self.ma_ligne and self.ma_ligne.mandat.votant)

    @property
    def decides(self):
        return [p for p in self.points if p.clos]

    @property
    def mes_points(self):
        """Every item with the user's own vote and conflict on it (a consultation électronique
        puts them all to the vote at once)."""
        if self.moi is None:
            return []
        return [
            {
                "point": p,
                "vote": next((v for v in p.votes.all() if v.personne_id == self.moi.pk), None),
                "conflit": next((c for c in p.conflits.all() if c.personne_id == self.moi.pk), None),
            }
            for p in self.points
        ]


def _personne(user):
    try:
        return user.personne
    except Personne.DoesNotExist:
        return None


def tableau(s, user):
    """The séance in session for `user`: the agenda, the current item (the one whose vote is open,
    else the next one on the agenda, else the last closed), the members with their presence, vote
    and conflict on that item, the live quorum, and what the user may do."""
    points = ordre_du_jour(s)
    courant = (
        next((p for p in points if p.ouvert), None)
        or next((p for p in points if p.etat == Point.Etat.INSCRIT), None)
        or next((p for p in reversed(points) if p.clos), None)
    )
    liste_presences, mandats = presences(s), membres(s)
    par_personne = {pr.personne_id: pr for pr in liste_presences}
    votes = {v.personne_id: v for v in courant.votes.all()} if courant else {}
    conflits = {c.personne_id: c for c in courant.conflits.all()} if courant else {}
    lignes = [
        LigneMembre(m, par_personne.get(m.personne_id), votes.get(m.personne_id), conflits.get(m.personne_id)) for m in mandats
    ]
    moi = _personne(user)
    ma_ligne = next((ligne for ligne in lignes if moi is not None and ligne.mandat.personne_id == moi.pk), None)
    return Tableau(
        seance=s,
        points=points,
        lignes=lignes,
        quorum=s.quorum(mandats=mandats, presences=liste_presences),
        courant=courant,
        moi=moi,
        ma_ligne=ma_ligne,
        presider=verifier("seances.presider", user, s),
        secretariat=verifier("seances.secretariat", user, s),
        sieger=verifier("seances.sieger", user, s),
        a_marquer=[ligne for ligne in lignes if ligne.presence is None],
        decompte=courant.dernier_decompte() if courant is not None and courant.ouvert and not s.electronique else None,
    )


_JETON = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def empreinte(html):
    """A fingerprint of a rendered fragment (its CSRF tokens aside, which change at each render):
    the live page asks again only for what changed."""
    return hashlib.sha256(_JETON.sub("", html).encode()).hexdigest()[:16]


def etape_du_comite(comite):
    """The project state a comité decides on, or None."""
    if comite.type == Comite.Type.REGIONAL:
        return StatutProjet.COMITE_REGIONAL
    return StatutProjet.COMITE_CRENEAU if comite.adopte_resolutions else None


def consultation_complete(s):
    """Whether every voting member has voted on every open item of the consultation `s` (or is in
    conflict of interest on it)."""
    votants = set(s.quorum().votants)
    ouverts = list(s.points.filter(etat=Point.Etat.VOTE_OUVERT).prefetch_related("votes", "conflits"))
    return (
        bool(votants)
        and bool(ouverts)
        and all(votants <= {*(v.personne_id for v in p.votes.all()), *(c.personne_id for c in p.conflits.all())} for p in ouverts)
    )


def consultations_a_clore():
    """Open consultations électroniques past their deadline, or whose every voting member voted."""
    ouvertes = Reunion.objects.filter(mode=Reunion.Mode.ELECTRONIQUE, statut=Statut.OUVERTE).select_related("comite")
    return [s for s in ouvertes if (s.echeance and s.echeance <= maintenant()) or consultation_complete(s)]
