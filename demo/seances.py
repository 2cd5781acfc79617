"""Demo séances of the comités (docs/seances.md), held through seances.actions, each step at its moment
(the portal's clock frozen with noyau.horloge.figee), e-mailing nobody.

A `SeanceDemo` is one séance of a comité, as its bureau (demo.acteurs.Bureau) runs it:
- `convoquer`, AVANCE before the séance: the secrétariat plans it, puts each waiting item on the
  agenda, and convenes the members;
- `tenir`, on its day: the présidence opens it; members with an account check in themselves, the
  secrétariat marks the others present and the présidence confirms them; each item is put to the
  vote and decided — by named votes when every member entitled to vote has an account, otherwise
  by the secrétariat's show-of-hands tally confirmed by the présidence —, which runs the
  project's verb (résolution, approval, refusal, renvoi) or adopts the envelope's répartition
  with the next résolution number; then the présidence adjourns.

demo.projets gathers the comités' decisions into séances (`Calendrier.grouper`: the items that
wait for a comité within a few weeks go to one séance, like a real calendar) and holds them in
time order with the projects' other steps. `charger` (after demo.projets) then has the présidence
and the secrétariat approve the procès-verbal of each séance held, and gives every demo comité de
créneau and comité régional one upcoming convened séance whose agenda is what waits for it (its
projects, the envelope's répartition for a comité régional, a free item), so that a member can
log in and vote once the présidence opens it. Idempotent: a comité with a séance not yet held gets
no other one.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from creneaux.models import Comite, Mandat, Reunion, actif_q
from demo.acteurs import a_l_heure, bureau_de
from demo.creneaux import VILLES, creneaux_de_demo
from noyau import horloge
from noyau.courriels import sans_notifications
from noyau.exercices import bornes, exercice_de
from noyau.signature import certificat_autosigne
from projets.models import Enveloppe, Projet, Statut
from seances import actions
from seances.models import Point, Vote
from seances.pv import pv_a_la_demande

# The agenda is set and the members convened a week before the séance; the items that wait for a
# comité within FENETRE go to one séance (a comité de créneau meets three or four times a year, a
# comité régional every six weeks or so).
AVANCE = datetime.timedelta(days=7)
FENETRE = {Comite.Type.CRENEAU: datetime.timedelta(days=130), Comite.Type.REGIONAL: datetime.timedelta(days=45)}
HEURES = {Comite.Type.CRENEAU: (19, 0), Comite.Type.REGIONAL: (13, 30)}
# The upcoming séance: this many days after today.
PROCHAINE = {Comite.Type.CRENEAU: 3, Comite.Type.REGIONAL: 4}
# The comité de créneau whose upcoming séance is held at the time of loading (the README's walk).
VITRINE = "meuble-centre-du-quebec"
# Minutes after the opening: presences, then each item's vote (PAS minutes each).
DEBUT_VOTES, PAS = 10, 10

ADOPTER, REJETER, RENVOYER = "adopter", "rejeter", "renvoyer"
TEXTES = {
    Comite.Type.CRENEAU: "Que le comité de créneau appuie le projet et le recommande au comité régional ACCORD.",
    Comite.Type.REGIONAL: "Que le comité régional approuve le projet et le transmette au Ministère.",
}
LIBRES = {
    Comite.Type.CRENEAU: ("Suivi du plan d'action", "Avancement des actions de l'année et des projets en réalisation."),
    Comite.Type.REGIONAL: ("Suivi de l'enveloppe régionale", "Engagements de l'exercice et projets attendus."),
}
ADOPTIONS = {
    Point.Type.PLAN: "Que le comité adopte la stratégie et le plan d'action du créneau pour la période.",
    Point.Type.BILAN: "Que le comité adopte le bilan annuel du créneau et le transmette à la direction régionale.",
}
CONFLIT = "Mon entreprise est fournisseur d'un partenaire de ce projet : je m'abstiens de voter."


@dataclass
class Item:
    """A project to decide at a séance: `dossier.projet` (any object carrying the Projet),
    `issue` ADOPTER, REJETER or RENVOYER (with `motif`)."""

    dossier: object
    issue: str
    motif: str = ""
    point: Point | None = None

    def projet(self):
        return Projet.objects.select_related("creneau__region_porteuse").get(pk=self.dossier.projet.pk)


@dataclass
class SeanceDemo:
    bureau: object  # demo.acteurs.Bureau
    date: datetime.datetime
    rang: int = 0  # the séance's rank in its comité's calendar (varies attendance and tallies)
    items: list = field(default_factory=list)
    repartition: bool = False  # put the envelope's répartition to the vote
    libre: tuple | None = None  # (titre, texte) of a free item
    adoptions: list = field(default_factory=list)  # plans d'action and bilans to adopt: [(Point.Type, objet)]
    seance: Reunion | None = None
    _points_adoptions: list = field(default_factory=list)

    @property
    def comite(self):
        return self.bureau.comite

    @property
    def convocation(self):
        return a_l_heure(timezone.localdate(self.date) - AVANCE, 9)

    def moment(self, k):
        """When the vote on the k-th item (from 0) opens."""
        return self.date + datetime.timedelta(minutes=DEBUT_VOTES + PAS * k)

    def decide_le(self, k):
        """When the k-th item is decided."""
        return self.moment(k) + datetime.timedelta(minutes=5)

    @property
    def fin(self):
        return self.moment(len(self.items) + self.repartition + len(self.adoptions))

    # --- before the séance -----------------------------------------------------------------

    def convoquer(self, quand=None):
        b = self.bureau
        with horloge.figee(quand or self.convocation):
            s = actions.planifier(self.comite, par=b.secretariat, date=self.date, **_lieu(self.comite))
            for item in self.items:
                item.point = actions.ajouter_point(
                    s,
                    par=b.secretariat,
                    type=Point.Type.PROJET,
                    projet=item.projet(),
                    texte=TEXTES[self.comite.type] if item.issue == ADOPTER else "",
                )
            if self.repartition:
                enveloppe, parts = _repartition(self.comite)
                actions.ajouter_point(
                    s,
                    par=b.secretariat,
                    type=Point.Type.REPARTITION,
                    enveloppe=enveloppe,
                    parts=parts,
                    texte="Parts égales entre les créneaux actifs de la région, une réserve demeurant non répartie.",
                )
            for type_, objet in self.adoptions:
                champ = "plan" if type_ == Point.Type.PLAN else "bilan"
                self._points_adoptions.append(
                    actions.ajouter_point(s, par=b.secretariat, type=type_, texte=ADOPTIONS[type_], **{champ: objet})
                )
            if self.libre:
                titre, texte = self.libre
                actions.ajouter_point(s, par=b.secretariat, type=Point.Type.LIBRE, titre=titre, texte=texte)
            self.seance = actions.convoquer(s, par=b.secretariat)
        return self.seance

    # --- the séance ------------------------------------------------------------------------

    def tenir(self):
        b = self.bureau
        with horloge.figee(self.date):
            s = actions.ouvrir(self.seance, par=b.presidence)
        with horloge.figee(self.date + datetime.timedelta(minutes=1)):
            presents = self._presences(s)
        declarant = next((m.personne.user for m in presents if _se_connecte(m) and m.role == Mandat.Role.MEMBRE), None)
        if declarant and self.items and self.rang % 3 == 1:
            with horloge.figee(self.date + datetime.timedelta(minutes=2)):
                actions.declarer_conflit(self.items[0].point, par=declarant, note=CONFLIT)
        votants = s.quorum().votants_presents
        avec_compte = {m.personne_id: m.personne.user for m in presents if m.personne.user_id}
        points = [(item.point, item.issue, item.motif) for item in self.items]
        if self.repartition:
            points.append((s.points.get(type=Point.Type.REPARTITION), ADOPTER, ""))
        points += [(point, ADOPTER, "") for point in self._points_adoptions]
        for k, (point, issue, motif) in enumerate(points):
            with horloge.figee(self.moment(k)):
                proposition = Point.Proposition.RENVOYER if issue == RENVOYER else Point.Proposition.ADOPTER
                point = actions.ouvrir_vote(point, par=b.presidence, proposition=proposition, motif_renvoi=motif)
            habilites = sorted(votants - set(point.conflits.values_list("personne_id", flat=True)))
            pour, contre, abstentions = _decompte(issue, len(habilites), self.rang + k)
            nominal = all(p in avec_compte for p in habilites)
            with horloge.figee(self.moment(k) + datetime.timedelta(minutes=3)):
                if nominal:
                    choix = [Vote.Choix.POUR] * pour + [Vote.Choix.CONTRE] * contre + [Vote.Choix.ABSTENTION] * abstentions
                    for personne, c in zip(habilites, choix, strict=False):
                        actions.voter(point, par=avec_compte[personne], choix=c)
                else:
                    decompte = actions.saisir_main_levee(
                        point, par=b.secretariat, pour=pour, contre=contre, abstentions=abstentions
                    )
            with horloge.figee(self.decide_le(k)):
                actions.clore_vote(point, par=b.presidence, decompte=None if nominal else decompte.pk)
        with horloge.figee(self.fin):
            self.seance = actions.lever(s, par=b.presidence)
        return self.seance

    def _presences(self, s):
        """Most voting members attend (one or two, in turn, excused; never the bureau): a member
        with an account checks in, the secrétariat marks the others and the présidence confirms."""
        b = self.bureau
        mandats = list(
            Mandat.objects.filter(actif_q(jour=timezone.localdate(self.date)), comite=self.comite)
            .votants()
            .select_related("personne__user")
            .order_by("pk")
        )
        bureau = {b.presidence.pk, b.secretariat.pk}
        autres = [m for m in mandats if m.personne.user_id not in bureau]
        absents = set()
        if len(autres) >= 4:
            absents = {autres[self.rang % len(autres)].pk, autres[(self.rang + 3) % len(autres)].pk}
        elif len(autres) >= 3:
            absents = {autres[self.rang % len(autres)].pk}
        presents = [m for m in mandats if m.pk not in absents]
        siens = {b.presidence.pk: b.presidence, b.secretariat.pk: b.secretariat}
        for m in presents:
            user = m.personne.user
            if user is not None:
                actions.pointer(s, par=siens.get(user.pk, user))
            else:
                presence = actions.marquer_presence(s, par=b.secretariat, personne=m.personne)
                actions.confirmer_presence(presence, par=b.presidence)
        return presents


def _se_connecte(mandat):
    user = mandat.personne.user
    return user is not None and user.has_usable_password()


def _decompte(issue, habilites, rang):
    """(pour, contre, abstentions) of `habilites` members for the outcome `issue`."""
    if issue == RENVOYER:
        return habilites, 0, 0
    if issue == REJETER:
        pour, abstentions = (1 if habilites >= 3 else 0), (1 if habilites > 3 else 0)
        return pour, habilites - pour - abstentions, abstentions
    abstentions = 1 if rang % 3 == 0 and habilites > 2 else 0
    contre = 1 if rang % 4 == 1 and habilites > 3 else 0
    return habilites - abstentions - contre, contre, abstentions


def _lieu(comite):
    ville = VILLES.get((comite.region or comite.creneau.region_porteuse).code, "")
    if comite.type == Comite.Type.REGIONAL:
        return {
            "mode": Reunion.Mode.HYBRIDE,
            "lieu": f"{ville}, salle du conseil de la MRC",
            "lien": f"https://visio.exemple.qc.ca/comite-regional-{comite.region.code}",
        }
    return {"mode": Reunion.Mode.PRESENCE, "lieu": f"{ville}, salle de réunion du créneau"}


def _repartition(comite):
    """The region's envelope and equal parts for its active créneaux (a tenth kept in reserve)."""
    enveloppe = Enveloppe.objects.select_related("region").get(programme__sigle="FSDCE", region=comite.region_id)
    creneaux = list(creneaux_de_demo().filter(region_porteuse=comite.region_id).order_by("nom"))
    part = (enveloppe.montant * Decimal("0.9") / max(len(creneaux), 1)).quantize(Decimal("1E4"), rounding=ROUND_DOWN)
    return enveloppe, dict.fromkeys(creneaux, part)


# ---- The calendar of past séances ----------------------------------------------------------


@dataclass
class Demande:
    """An item waiting for the comité of `bureau` from `jour` (its arrival, plus AVANCE)."""

    bureau: object
    jour: datetime.date
    item: Item


class Calendrier:
    """The séances of the comités: each comité's waiting items grouped by FENETRE (a séance on
    the last wished day of its group)."""

    def __init__(self):
        self.seances = []
        self._rangs = defaultdict(int)

    def grouper(self, demandes):
        """Gather `demandes` into séances; returns {id(item): (séance, rank of the item)}."""
        par_comite = defaultdict(list)
        for d in demandes:
            par_comite[d.bureau.comite.pk].append(d)
        places = {}
        for liste in par_comite.values():
            liste.sort(key=lambda d: d.jour)
            fenetre = FENETRE[liste[0].bureau.comite.type]
            groupes = []
            for d in liste:
                if groupes and d.jour <= groupes[-1][0].jour + fenetre:
                    groupes[-1].append(d)
                else:
                    groupes.append([d])
            for groupe in groupes:
                comite = groupe[0].bureau.comite
                heure, minute = HEURES[comite.type]
                seance = SeanceDemo(
                    groupe[0].bureau,
                    a_l_heure(max(d.jour for d in groupe), heure, minute),
                    rang=self._rangs[comite.pk],
                    items=[d.item for d in groupe],
                )
                self._rangs[comite.pk] += 1
                self.seances.append(seance)
                places.update({id(d.item): (seance, k) for k, d in enumerate(groupe)})
        return places

    def repartitions(self):
        """The first séance of each comité régional in the current exercice also adopts the
        envelope's répartition."""
        debut, _fin = bornes(exercice_de())
        vus = set()
        for seance in sorted(self.seances, key=lambda s: s.date):
            comite = seance.comite
            if comite.type == Comite.Type.REGIONAL and comite.pk not in vus and timezone.localdate(seance.date) >= debut:
                seance.repartition = True
                vus.add(comite.pk)


# ---- After the projects: procès-verbaux and the upcoming séances -----------------------------


def adopter_en_seance(comite, type_, objet, date):
    """The comité adopts `objet` (a plan d'action or a bilan) at a séance of its own on `date`;
    returns the séance, or None when the comité has no bureau with accounts."""
    bureau = bureau_de(comite)
    if bureau is None:
        return None
    seance = SeanceDemo(bureau, date, rang=objet.pk, adoptions=[(type_, objet)])
    seance.convoquer()
    return seance.tenir()


def comites_de_demo():
    """The comités de créneau of the demo créneaux and the comités régionaux of their regions."""
    creneaux = creneaux_de_demo()
    return Comite.objects.filter(type=Comite.Type.CRENEAU, creneau__in=creneaux) | Comite.objects.filter(
        type=Comite.Type.REGIONAL, region__in=creneaux.values("region_porteuse")
    )


def approuver_proces_verbaux(comites):
    """The présidence, then the secrétariat, approve the procès-verbal of each séance held (two
    and three days after it); returns how many were approved. Each PDF is rendered at its first
    download (seances.pv.pv_a_la_demande), not while loading."""
    avant = horloge.maintenant() - datetime.timedelta(days=3)
    levees = (
        Reunion.objects.filter(comite__in=comites, statut=Reunion.Statut.LEVEE, levee_le__lt=avant)
        .select_related("comite__creneau", "comite__region")
        .order_by("date")
    )
    bureaux = {}
    approuves = 0
    for s in levees:
        if s.comite_id not in bureaux:
            bureaux[s.comite_id] = bureau_de(s.comite)
        bureau = bureaux[s.comite_id]
        if bureau is None:
            continue
        jour = timezone.localdate(s.levee_le)
        with transaction.atomic(), pv_a_la_demande():
            if not s.pv_president_par_id:
                with horloge.figee(a_l_heure(jour + datetime.timedelta(days=2), 10)):
                    s = actions.approuver_pv(s, par=bureau.presidence)
            with horloge.figee(a_l_heure(jour + datetime.timedelta(days=3), 10)):
                actions.approuver_pv(s, par=bureau.secretariat)
        approuves += 1
    return approuves


def prochaines_seances(comites):
    """One upcoming convened séance for each comité without a séance still to hold; returns them."""
    from demo.projets import SYNTHETIQUE  # demo.projets holds its séances with this module

    aujourdhui = horloge.aujourdhui()
    a_tenir = (Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE, Reunion.Statut.OUVERTE)
    faites = []
    for comite in comites.select_related("creneau__region_porteuse", "region").order_by("pk"):
        if comite.reunions.filter(statut__in=a_tenir).exists():
            continue
        bureau = bureau_de(comite)
        if bureau is None:
            continue
        heure, minute = HEURES[comite.type]
        date = a_l_heure(aujourdhui + datetime.timedelta(days=PROCHAINE[comite.type]), heure, minute)
        if comite.type == Comite.Type.CRENEAU and comite.creneau.slug == VITRINE:
            # The showcase comité sits now: a newcomer opens it and votes right after loading.
            date = horloge.maintenant().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
        seance = SeanceDemo(
            bureau,
            date,
            repartition=comite.type == Comite.Type.REGIONAL,
            libre=LIBRES[comite.type],
        )
        if comite.type == Comite.Type.REGIONAL:
            en_attente = Projet.objects.filter(creneau__region_porteuse=comite.region_id, statut=Statut.COMITE_REGIONAL)
        else:
            en_attente = Projet.objects.filter(creneau=comite.creneau_id, statut=Statut.COMITE_CRENEAU)
        en_attente = en_attente.exclude(description=SYNTHETIQUE)  # --echelle's bulk-loaded projects
        convocation = min(seance.convocation, horloge.maintenant() - datetime.timedelta(hours=1))
        # A project that reached the comité after the convocation waits for a later séance.
        en_attente = en_attente.filter(statut_depuis__lt=convocation).order_by("statut_depuis", "pk")
        seance.items = [Item(_Dossier(p), ADOPTER) for p in en_attente]
        seance.convoquer(convocation)
        faites.append(seance)
    return faites


def reporter_et_annuler(prochaines):
    """What a real calendar has: one upcoming séance moved two days later (the room is taken), and a
    duplicate séance planned by mistake then cancelled. The showcase comité's séance is left as it
    is (it sits now). Returns the (rescheduled, cancelled) séances, or None."""
    candidate = next((sd for sd in prochaines if sd.seance is not None and sd.comite.type == Comite.Type.REGIONAL), None)
    if candidate is None:
        return None
    b, s = candidate.bureau, candidate.seance
    with transaction.atomic():
        date = s.date
        motif = "La salle du conseil n'est pas disponible ce jour-là."
        reportee = actions.reporter(s, par=b.presidence, date=date + datetime.timedelta(days=2), motif=motif)
        doublon = actions.planifier(b.comite, par=b.secretariat, date=date, **_lieu(b.comite))
        annulee = actions.annuler(doublon, par=b.secretariat, motif="Séance planifiée en double par erreur.")
    return reportee, annulee


def certificat_de_demo(sortie=None):
    """The self-signed certificate the demo signs its documents with (settings.SIGNATURE_CERTIFICAT,
    in development), made once. A real deployment gives its own (PKCS#12 file and password)."""
    chemin = settings.SIGNATURE_CERTIFICAT
    if not chemin or Path(chemin).exists():
        return None
    certificat_autosigne(chemin, nom="Portail ACCORD (démonstration)", mot_de_passe=settings.SIGNATURE_MOT_DE_PASSE)
    if sortie:
        sortie.write(f"Signature : certificat autosigné de démonstration créé ({chemin}).\n")
    return chemin


@dataclass
class _Dossier:
    projet: Projet


def charger(echelle=1, sortie=None):
    comites = comites_de_demo()
    certificat_de_demo(sortie)
    with sans_notifications():
        approuves = approuver_proces_verbaux(comites)
        prochaines = prochaines_seances(comites)
        reporter_et_annuler(prochaines)
    if sortie:
        a_venir = Reunion.objects.filter(comite__in=comites, statut=Reunion.Statut.CONVOQUEE).count()
        sortie.write(
            f"Séances : {len(prochaines)} nouvelles séances convoquées, {approuves} procès-verbaux approuvés ; "
            f"{a_venir} séances convoquées à venir en base.\n"
        )
    return []
