"""Demo projects (loaded by `manage.py demo` after demo.creneaux and demo.plans).

Every demo créneau gets one project in each state of the workflow, each taken there by the verbs
of projets.actions (so each has its real trail of Decision rows, history and numbers). Each verb
runs at its historical moment (`CALENDRIER`, the portal's clock frozen with `horloge.figee`), so
the finished, accepted and refused projects were mostly submitted in the previous exercice and
carry its number, those waiting in the circuit were submitted weeks to months ago (« À traiter »
shows varied waiting times). The comités decide in séances (demo.seances): a project that
reaches a comité waits at least a week (AVANCE: the agenda is set and the members convened
before) and the projects that wait for the same comité within a few weeks or months
(demo.seances.FENETRE) are decided at one séance, so the steps after a comité's decision follow
the séance. Every step — drafts, verbs,
each séance's convocation and its holding — runs in time order across the créneaux, so each
comité's séances and résolution numbers follow each other. The people who act are the
créneau's own (demo.acteurs). A créneau that already has projects is skipped (idempotent). Demo
loading e-mails nobody (`sans_notifications`).

`echelle` N ≥ 2 adds N × 1 000 synthetic projects for benchmarks with bulk_create: their states,
budget lines and Decision rows are written directly, bypassing the verbs for speed (no history
rows, no e-mails); they are numbered `FSDCE-<exercice>-<région>-S<n>`, described as synthetic,
and not added again once present.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle

from django.contrib.auth import get_user_model
from django.utils import timezone

from creneaux.models import Enjeu, Organisation
from demo.acteurs import Acteurs, a_l_heure
from demo.comptes import compte_demo
from demo.creneaux import creneaux_de_demo
from demo.seances import ADOPTER, AVANCE, REJETER, RENVOYER, Calendrier, Demande, Item
from noyau import horloge
from noyau.courriels import sans_notifications
from noyau.exercices import code_court, exercice_de
from plans.models import Action
from projets import actions
from projets.models import STATUTS_ENGAGES, Decision, Depense, Financement, Programme, Projet, Statut
from regions.models import PrioriteRegionale

User = get_user_model()

# (target state, what the project is about, enjeu). Titles read like real FSDCE files.
PROJETS = [
    (Statut.BROUILLON, "Diagnostic des besoins en automatisation des PME {c}", Enjeu.INNOVATION),
    (Statut.A_COMPLETER, "Campagne de valorisation des métiers du créneau {c}", Enjeu.MAIN_OEUVRE),
    (Statut.COMITE_CRENEAU, "Mission commerciale collective en Nouvelle-Aquitaine – {c}", Enjeu.INTERNATIONAL),
    (Statut.COMITE_REGIONAL, "Plateforme de veille technologique partagée – {c}", Enjeu.INNOVATION),
    (Statut.MINISTERE, "Forum annuel des entreprises du créneau {c}", Enjeu.MOBILISATION),
    (Statut.ACCEPTE, "Programme de stages en entreprise pour la relève – {c}", Enjeu.MAIN_OEUVRE),
    (Statut.EN_REALISATION, "Banc d'essai commun pour prototypes – {c}", Enjeu.INNOVATION),
    (Statut.TERMINE, "Refonte du site et de l'image de marque du créneau {c}", Enjeu.COMMUNICATION),
    (Statut.REFUSE_CRENEAU, "Étude de faisabilité d'un centre de formation – {c}", Enjeu.MAIN_OEUVRE),
    (Statut.REFUSE_REGIONAL, "Salon régional des fournisseurs – {c}", Enjeu.MOBILISATION),
    (Statut.REFUSE_MINISTERE, "Chantier intercréneaux sur la chaîne d'approvisionnement – {c}", Enjeu.INTERCRENEAUX),
    (Statut.RETIRE, "Révision du règlement et de la gouvernance du comité – {c}", Enjeu.GOUVERNANCE),
]

MOTIFS = {
    "renvoyer": "Préciser les retombées attendues pour les entreprises et confirmer les partenaires.",
    "refuser": "Les dépenses prévues relèvent des activités courantes de l'organisme.",
    "retirer": "Le porteur a obtenu un autre financement et retire sa demande.",
}


# ---- The steps: each runs one verb, by name, as the right person with realistic arguments --------
# `a` is the créneau's Acteurs; each returns the verb's Decision.


def soumettre(p, a):
    return actions.soumettre(p, par=a.coordination)


def retirer(p, a):
    return actions.retirer(p, par=a.coordination, motif=MOTIFS["retirer"])


@dataclass(frozen=True)
class AuComite:
    """A comité's decision on the project, taken at one of its séances (demo.seances): the comité
    de créneau's (`regional` False) or the comité régional's, with its outcome (`issue`)."""

    regional: bool
    issue: str
    motif: str = ""

    def bureau(self, a):
        return a.bureau_regional if self.regional else a.bureau_creneau


adopter_resolution = AuComite(regional=False, issue=ADOPTER)
rejeter_resolution = AuComite(regional=False, issue=REJETER)
renvoyer = AuComite(regional=False, issue=RENVOYER, motif=MOTIFS["renvoyer"])
approuver_regional = AuComite(regional=True, issue=ADOPTER)
refuser_regional = AuComite(regional=True, issue=REJETER)


def analyser(p, a):
    return actions.analyser(p, par=a.dr, texte="Projet conforme au guide de gestion; retombées sur plusieurs entreprises.")


def accepter(p, a):
    return actions.accepter(p, par=a.central, montant=p.montant_demande, motif="Conforme aux règles du programme.")


def refuser(p, a):
    return actions.refuser(p, par=a.central, motif=MOTIFS["refuser"])


def signer_convention(p, a):
    return actions.signer_convention(p, par=a.central, motif="Convention signée par les parties.")


def verser_avance(p, a):
    """The first payment: half the aid granted."""
    avance = (p.montant_accorde / 2).quantize(Decimal("0.01"))
    return actions.enregistrer_versement(p, par=a.central, date=horloge.aujourdhui(), montant=avance, note="Versement")


def verser_solde(p, a):
    """The last payment: what remains of the aid granted."""
    deja = sum((v.montant for v in p.versements.all()), Decimal(0))
    return actions.enregistrer_versement(
        p, par=a.central, date=horloge.aujourdhui(), montant=p.montant_accorde - deja, note="Versement"
    )


def accepter_rapport_final(p, a):
    return actions.accepter_rapport_final(
        p, par=a.central, resume="Objectifs atteints : 42 entreprises rejointes, trois projets collaboratifs lancés."
    )


# The path of steps to each state (after the draft exists).
JUSQU_AU_MINISTERE = [soumettre, adopter_resolution, approuver_regional]
AVANT_MINISTERE = [*JUSQU_AU_MINISTERE, analyser]
PARCOURS = {
    Statut.BROUILLON: [],
    Statut.A_COMPLETER: [soumettre, renvoyer],
    Statut.COMITE_CRENEAU: [soumettre],
    Statut.COMITE_REGIONAL: [soumettre, adopter_resolution],
    # Left for the direction régionale to analyse: its « À traiter » is not empty in the demo.
    Statut.MINISTERE: JUSQU_AU_MINISTERE,
    Statut.ACCEPTE: [*AVANT_MINISTERE, accepter],
    Statut.EN_REALISATION: [*AVANT_MINISTERE, accepter, signer_convention, verser_avance],
    Statut.TERMINE: [*AVANT_MINISTERE, accepter, signer_convention, verser_avance, verser_solde, accepter_rapport_final],
    Statut.REFUSE_CRENEAU: [soumettre, rejeter_resolution],
    Statut.REFUSE_REGIONAL: [soumettre, adopter_resolution, refuser_regional],
    Statut.REFUSE_MINISTERE: [*AVANT_MINISTERE, refuser],
    Statut.RETIRE: [soumettre, retirer],
}

# When each project's path happens: (days before today of the first submission — or of the draft's
# creation —, days between two steps), shifted by a few days from one créneau to the next. The
# finished, accepted and refused files were mostly submitted in the previous exercice (1 April –
# 31 March); the ones still in the circuit, weeks to a few months ago.
CALENDRIER = {
    Statut.BROUILLON: (4, 0),
    Statut.A_COMPLETER: (75, 30),
    Statut.COMITE_CRENEAU: (9, 0),
    Statut.COMITE_REGIONAL: (62, 24),
    Statut.MINISTERE: (125, 30),
    Statut.ACCEPTE: (330, 30),
    Statut.EN_REALISATION: (480, 35),
    Statut.TERMINE: (540, 45),
    Statut.REFUSE_CRENEAU: (400, 30),
    Statut.REFUSE_REGIONAL: (250, 30),
    Statut.REFUSE_MINISTERE: (200, 35),
    Statut.RETIRE: (45, 20),
}
DECALAGE_CRENEAU = 9  # days, × (rank of the créneau modulo 6)

# Budget of a demo project at scale 1.0 (all expenses eligible); financing balances the cost, the
# requested aid is 40 % of eligible costs and the cumulated government aid 50 % (organisme: ≤ 50 % / 70 %).
DEPENSES = [
    (Depense.Categorie.HONORAIRES, "Firme-conseil et animation", Decimal("60000")),
    (Depense.Categorie.SALAIRE, "Chargé·e de projet (40 %)", Decimal("30000")),
    (Depense.Categorie.COMMUNICATION, "Conception et diffusion", Decimal("20000")),
    (Depense.Categorie.DEPLACEMENT, "Déplacements aux taux gouvernementaux", Decimal("10000")),
]
FINANCEMENTS = [
    (Financement.Source.FSDCE, "", Decimal("48000"), False),
    (Financement.Source.PORTEUR, "Contribution en argent", Decimal("30000"), True),
    (Financement.Source.PARTENAIRES, "Contributions des entreprises", Decimal("24000"), True),
    (Financement.Source.FEDERAL, "DEC – Développement économique Canada", Decimal("12000"), False),
    (Financement.Source.PRIVE, "Commandites", Decimal("6000"), True),
]
ECHELLES_BUDGET = [Decimal(x) for x in ("0.5", "0.75", "1", "1.25", "1.5", "2", "0.6", "0.9", "1.1", "1.4", "0.8", "1.75")]


def charger(echelle=1, sortie=None):
    programme = Programme.objects.prefetch_related("regles").get(sigle="FSDCE")
    dossiers = []
    with sans_notifications():
        for n, creneau in enumerate(creneaux_de_demo().order_by("pk")):
            if creneau.projets.exists():
                continue
            acteurs = Acteurs(creneau)
            for rang, (statut, titre, enjeu) in enumerate(PROJETS):
                moments = _moments(statut, rang, DECALAGE_CRENEAU * (n % 6))
                dossiers.append(Dossier(creneau, acteurs, rang, statut, titre.format(c=creneau.nom), enjeu, moments))
        seances = _rejouer(dossiers, programme)
    synthetiques = _synthetiques(programme, echelle) if echelle > 1 else 0
    if sortie:
        en_base = Projet.objects.filter(creneau__in=creneaux_de_demo()).count()
        sortie.write(
            f"Projets : {len(dossiers)} nouveaux projets de démonstration décidés en {seances} séances, "
            f"{synthetiques} projets synthétiques ajoutés ; {en_base} projets de démonstration en base.\n"
        )
    return []


def _moments(statut, rang, decalage):
    """The aware datetimes of the creation and of each step of a project's path (all in the past),
    as wished: a comité's decision waits for its séance, and the steps after it follow."""
    jours, pas = CALENDRIER[statut]
    aujourdhui = horloge.aujourdhui()
    debut = aujourdhui - datetime.timedelta(days=jours + decalage)
    moments = [a_l_heure(debut, 9, rang)]
    for i, _etape in enumerate(PARCOURS[statut]):
        jour = min(debut + datetime.timedelta(days=pas * i), aujourdhui - datetime.timedelta(days=1))
        moments.append(a_l_heure(jour, 10 + i % 6, rang))
    return moments


# ---- The projects' paths and the comités' séances, in time order -------------------------------


class Dossier:
    """One demo project to take to `statut`: its creation and steps with their wished moments;
    `projet` once created."""

    def __init__(self, creneau, acteurs, rang, statut, titre, enjeu, moments):
        self.creneau, self.acteurs, self.rang, self.titre, self.enjeu = creneau, acteurs, rang, titre, enjeu
        self.creation = moments[0]
        self.etapes = list(zip(PARCOURS[statut], moments[1:], strict=True))
        self.projet = None

    def creer(self, programme):
        with horloge.figee(self.creation):
            self.projet = _brouillon(self.creneau, programme, self.acteurs, self.rang, self.titre, self.enjeu)

    def franchir(self, etape, moment):
        with horloge.figee(moment):
            self.projet = etape(Projet.objects.get(pk=self.projet.pk), self.acteurs).projet


def _rejouer(dossiers, programme):
    """Place every step: a project's own steps at their wished moments (never before the previous
    one), each comité decision at a séance (demo.seances.Calendrier: the earliest a week after the
    project reached the comité); then run everything in time order. Returns the number of séances."""
    calendrier = Calendrier()
    evenements = [(d.creation, d.creer, (programme,)) for d in dossiers]
    position = {id(d): (0, d.creation) for d in dossiers}
    en_cours = list(dossiers)
    while en_cours:
        demandes, suivants = [], []
        for d in en_cours:
            i, avant = position[id(d)]
            while i < len(d.etapes):
                etape, souhait = d.etapes[i]
                if isinstance(etape, AuComite):
                    jour = max(timezone.localdate(souhait), timezone.localdate(avant) + AVANCE + datetime.timedelta(days=1))
                    demandes.append(Demande(etape.bureau(d.acteurs), jour, Item(d, etape.issue, etape.motif)))
                    suivants.append(d)
                    break
                lendemain = a_l_heure(timezone.localdate(avant) + datetime.timedelta(days=1), 10, d.rang)
                moment = souhait if souhait > avant else lendemain
                evenements.append((moment, d.franchir, (etape, moment)))
                avant, i = moment, i + 1
            position[id(d)] = (i, avant)
        places = calendrier.grouper(demandes)
        for demande in demandes:
            seance, k = places[id(demande.item)]
            d = demande.item.dossier
            position[id(d)] = (position[id(d)][0] + 1, seance.decide_le(k))
        en_cours = suivants
    calendrier.repartitions()
    for seance in calendrier.seances:
        evenements += [(seance.convocation, seance.convoquer, ()), (seance.date, seance.tenir, ())]
    dernier = max((seance.fin for seance in calendrier.seances), default=None)
    if dernier and dernier >= horloge.maintenant():
        raise RuntimeError(f"Le calendrier de démonstration place une séance dans le futur ({dernier}).")
    for _moment, faire, arguments in sorted(evenements, key=lambda e: e[0]):
        faire(*arguments)
    return len(calendrier.seances)


def _brouillon(creneau, programme, acteurs, rang, titre, enjeu):
    """The coordination creates the draft and fills in its filing steps (projets.actions)."""
    porteur, *partenaires = acteurs.organisations
    echelle = ECHELLES_BUDGET[rang % len(ECHELLES_BUDGET)]
    debut = horloge.aujourdhui() + datetime.timedelta(days=30 * (rang % 4) + 60)
    projet = actions.creer(creneau, par=acteurs.coordination, titre=titre[:250], programme=programme)
    return actions.modifier_brouillon(
        projet,
        par=acteurs.coordination,
        donnees={
            "porteur": porteur,
            "partenaires": partenaires,
            "description": (
                f"Projet porté par {porteur.nom} avec {len(partenaires)} partenaires pour les entreprises du créneau "
                f"{creneau.nom}. Il découle du plan d'action du créneau et profite à plusieurs entreprises de la région."
            ),
            "objectifs": "Rejoindre au moins 30 entreprises; mesurer les retombées à 12 et 24 mois.",
            "enjeu": enjeu,
            "priorite": PrioriteRegionale.objects.filter(region=creneau.region_porteuse_id).order_by("numero").first(),
            "action": Action.objects.filter(objectif__axe__plan__creneau=creneau).order_by("pk").first(),
            "date_debut": debut,
            "date_fin": debut + datetime.timedelta(days=365 + 90 * (rang % 3)),
        },
        depenses=[{"categorie": c, "description": d, "montant": m * echelle} for c, d, m in DEPENSES],
        financements=[{"source": s, "description": d, "montant": m * echelle, "confirme": ok} for s, d, m, ok in FINANCEMENTS],
    )


# ---- Synthetic volume for benchmarks ---------------------------------------------------------

ETATS_SYNTHETIQUES = [s for s, *_r in PROJETS]


def acceptation_synthetique(projet, *, auteur, horodatage):
    """The Ministère's acceptance of a bulk-loaded engaged project, with its amount (the reports
    count a grant on its decision's date)."""
    return Decision(
        projet=projet,
        etape=Decision.Etape.DECISION_MINISTERE,
        de_statut=Statut.MINISTERE,
        vers_statut=Statut.ACCEPTE,
        montant=projet.montant_accorde,
        auteur=auteur,
        horodatage=horodatage,
        motif="Données synthétiques",
    )


SYNTHETIQUE = "Projet synthétique (mesures de performance)."
ETAPE_DE = {
    Statut.COMITE_CRENEAU: Decision.Etape.SOUMISSION,
    Statut.COMITE_REGIONAL: Decision.Etape.RESOLUTION,
    Statut.MINISTERE: Decision.Etape.COMITE_REGIONAL,
    Statut.A_COMPLETER: Decision.Etape.RESOLUTION,
    Statut.REFUSE_CRENEAU: Decision.Etape.RESOLUTION,
    Statut.REFUSE_REGIONAL: Decision.Etape.COMITE_REGIONAL,
}


def _synthetiques(programme, echelle, lot=2000):
    """N × 1 000 projects spread over the demo créneaux, bulk-created (see module docstring)."""
    cible = echelle * 1000
    deja = Projet.objects.filter(description=SYNTHETIQUE).count()
    if deja >= cible:
        return 0
    creneaux = list(creneaux_de_demo().order_by("pk"))
    organisations = list(Organisation.objects.exclude(type=Organisation.Type.PUBLIC).order_by("pk")[:200])
    auteur = User.objects.filter(is_superuser=True).first() or compte_demo(
        "admin", "Admin", "Démo", is_superuser=True, is_staff=True
    )
    if not creneaux or not organisations:
        return 0
    alea = random.Random(2026)
    debut_seq = deja + 1
    maintenant = horloge.maintenant()
    crees = 0
    etats = cycle(ETATS_SYNTHETIQUES)
    while deja + crees < cible:
        n = min(lot, cible - deja - crees)
        projets = []
        for i in range(n):
            c = creneaux[(crees + i) % len(creneaux)]
            statut = next(etats)
            quand = maintenant - datetime.timedelta(days=alea.randint(1, 1500), minutes=alea.randint(0, 1440))
            exercice = exercice_de(timezone.localdate(quand))
            p = Projet(
                statut=statut,  # bulk loading for benchmarks: bypasses the verbs (see module docstring)
                numero=None
                if statut == Statut.BROUILLON
                else f"FSDCE-{code_court(exercice)}-{c.region_porteuse.code}-S{debut_seq + crees + i:06d}",
                titre=f"{PROJETS[alea.randrange(len(PROJETS))][1].format(c=c.nom)} ({crees + i + 1})"[:250],
                creneau=c,
                programme=programme,
                description=SYNTHETIQUE,
                porteur=alea.choice(organisations),
                enjeu=alea.choice(Enjeu.values),
                exercice=exercice,
                soumis_le=None if statut == Statut.BROUILLON else quand,
                statut_depuis=quand,
                cree_par=auteur,
            )
            projets.append(p)
        Projet.objects.bulk_create(projets, batch_size=1000)
        lignes_d, lignes_f, decisions = [], [], []
        for p in projets:
            facteur = Decimal(alea.randint(20, 400)) / 100
            lignes_d += [Depense(projet=p, categorie=cat, description=d, montant=m * facteur) for cat, d, m in DEPENSES]
            lignes_f += [
                Financement(projet=p, source=s, description=d, montant=m * facteur, confirme=ok) for s, d, m, ok in FINANCEMENTS
            ]
            if p.statut in STATUTS_ENGAGES:
                p.montant_accorde = FINANCEMENTS[0][2] * facteur / 4
                decisions.append(acceptation_synthetique(p, auteur=auteur, horodatage=p.statut_depuis))
            if p.statut not in (Statut.BROUILLON, Statut.ACCEPTE):
                decisions.append(
                    Decision(
                        projet=p,
                        etape=ETAPE_DE.get(p.statut, Decision.Etape.DECISION_MINISTERE),
                        de_statut=Statut.COMITE_CRENEAU,
                        vers_statut=p.statut,
                        auteur=auteur,
                        horodatage=p.statut_depuis,
                        motif="Données synthétiques",
                    )
                )
        Depense.objects.bulk_create(lignes_d, batch_size=4000)
        Financement.objects.bulk_create(lignes_f, batch_size=4000)
        Decision.objects.bulk_create(decisions, batch_size=2000)
        Projet.objects.bulk_update([p for p in projets if p.montant_accorde], ["montant_accorde"], batch_size=1000)
        crees += n
    return crees
