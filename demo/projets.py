"""Demo data of this app (called by `manage.py demo` after creneaux.demo and plans.demo).

Every demo créneau gets one project in each state of the workflow, each produced by the verbs of
projets.actions (so each has its real trail of Decision rows, history and numbers). Each verb runs
at its historical moment (`CALENDRIER`: "now" is frozen for the duration of the step), so the
finished, accepted and refused projects were mostly submitted in the previous exercice and carry
its number, those waiting in the circuit were submitted weeks to months ago (« À traiter » shows
varied waiting times), and the comités decide at meetings held the evening before each decision. The people
who act are the créneau's own (coordination, bureau of its comité, comité régional, direction
régionale, Ministère); when creneaux.demo did not provide one, a demo person is added. A créneau
that already has projects is skipped (idempotent). Demo loading sends no e-mail.

`echelle` N ≥ 2 adds N × 1 000 synthetic projects for benchmarks with bulk_create: their states,
budget lines and Decision rows are written directly, bypassing the verbs for speed (no history
rows, no e-mails); they are numbered `FSDCE-<exercice>-<région>-S<n>`, described as synthetic,
and not added again once present.
"""

import datetime
import functools
import random
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from itertools import cycle
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from comptes.models import AffectationMinistere
from creneaux.models import Comite, Coordination, Creneau, Enjeu, Mandat, Organisation, Personne, Reunion, actif_q
from demo.comptes import compte_demo
from noyau.exercices import bornes, code_court, exercice_de
from plans.models import Action
from projets import actions
from projets.models import Decision, Depense, Financement, Programme, Projet, Statut
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

# The path of verbs to each state (after the draft exists).
JUSQU_AU_MINISTERE = ["soumettre", "adopter_resolution", "approuver_regional"]
AVANT_MINISTERE = [*JUSQU_AU_MINISTERE, "analyser"]
PARCOURS = {
    Statut.BROUILLON: [],
    Statut.A_COMPLETER: ["soumettre", "renvoyer"],
    Statut.COMITE_CRENEAU: ["soumettre"],
    Statut.COMITE_REGIONAL: ["soumettre", "adopter_resolution"],
    # Left for the direction régionale to analyse: its « À traiter » is not empty in the demo.
    Statut.MINISTERE: JUSQU_AU_MINISTERE,
    Statut.ACCEPTE: [*AVANT_MINISTERE, "accepter"],
    Statut.EN_REALISATION: [*AVANT_MINISTERE, "accepter", "signer_convention", "enregistrer_versement"],
    Statut.TERMINE: [
        *AVANT_MINISTERE,
        "accepter",
        "signer_convention",
        "enregistrer_versement",
        "verser_solde",
        "accepter_rapport_final",
    ],
    Statut.REFUSE_CRENEAU: ["soumettre", "rejeter_resolution"],
    Statut.REFUSE_REGIONAL: ["soumettre", "adopter_resolution", "refuser_regional"],
    Statut.REFUSE_MINISTERE: [*AVANT_MINISTERE, "refuser"],
    Statut.RETIRE: ["soumettre", "retirer"],
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

MOTIFS = {
    "renvoyer": "Préciser les retombées attendues pour les entreprises et confirmer les partenaires.",
    "rejeter_resolution": "Le projet ne s'inscrit pas dans les priorités du plan d'action adopté.",
    "refuser_regional": "Enveloppe régionale réservée en priorité aux projets de main-d'œuvre cette année.",
    "refuser": "Les dépenses prévues relèvent des activités courantes de l'organisme.",
    "retirer": "Le porteur a obtenu un autre financement et retire sa demande.",
}


def creneaux_de_demo():
    """The créneaux loaded by creneaux.demo (not the synthetic ones added with --echelle)."""
    return (
        Creneau.objects.exclude(statut=Creneau.Statut.POTENTIEL)
        .exclude(slug__startswith="synthetique")
        .select_related("region_porteuse")
    )


def charger(echelle=1, sortie=None):
    programme = Programme.objects.prefetch_related("regles").get(sigle="FSDCE")
    crees = 0
    # Demo loading e-mails nobody.
    with mock.patch.object(actions, "notifier_apres_commit", lambda *a, **k: None):
        for n, creneau in enumerate(creneaux_de_demo().order_by("pk")):
            if creneau.projets.exists():
                continue
            acteurs = Acteurs(creneau)
            for rang, (statut, titre, enjeu) in enumerate(PROJETS):
                moments = _moments(statut, rang, DECALAGE_CRENEAU * (n % 6))
                _projet_demo(creneau, programme, acteurs, rang, statut, titre.format(c=creneau.nom), enjeu, moments)
                crees += 1
    synthetiques = _synthetiques(programme, echelle) if echelle > 1 else 0
    if sortie:
        sortie.write(f"Projets : {crees} projets de démonstration, {synthetiques} projets synthétiques.")
    return []


# ---- Time ----------------------------------------------------------------------------------


def _moments(statut, rang, decalage):
    """The aware datetimes of the creation and of each verb of a project's path (all in the past)."""
    jours, pas = CALENDRIER[statut]
    aujourdhui = timezone.localdate()
    debut = aujourdhui - datetime.timedelta(days=jours + decalage)
    tz = timezone.get_current_timezone()
    moments = [datetime.datetime.combine(debut, datetime.time(9, rang), tzinfo=tz)]
    for i, _verbe in enumerate(PARCOURS[statut]):
        jour = min(debut + datetime.timedelta(days=pas * i), aujourdhui - datetime.timedelta(days=1))
        moments.append(datetime.datetime.combine(jour, datetime.time(10 + i % 6, rang), tzinfo=tz))
    return moments


_MAINTENANT = timezone.now


@functools.cache
def _champs_a_l_heure():
    """The model fields defaulting to timezone.now, bound when the models were defined."""
    return [f for modele in apps.get_models() for f in modele._meta.concrete_fields if f.default is _MAINTENANT]


@contextmanager
def au(moment):
    """Freeze "now" at `moment` (aware datetime) for the demo's verbs: timezone.now()/localdate() and
    the fields defaulting to timezone.now (e.g. Decision.horodatage)."""
    champs = _champs_a_l_heure()
    with mock.patch("django.utils.timezone.now", lambda: moment), ExitStack() as pile:
        for f in champs:
            pile.enter_context(mock.patch.object(f, "_get_default", lambda: moment))
        yield


# ---- The people who act ----------------------------------------------------------------------


def _compte(username, prenom, nom):
    """An account that acts in the demo data but does not log in (no password: hashing is slow)."""
    user, _cree = User.objects.get_or_create(
        username=username[:150],
        defaults={
            "first_name": prenom,
            "last_name": nom,
            "email": f"{username}@demo.accord.quebec",
            "password": make_password(None),
        },
    )
    return user


def _personne(slug, prenom, nom, organisation):
    user = _compte(slug, prenom, nom)
    personne, _cree = Personne.objects.get_or_create(
        user=user, defaults={"prenom": prenom, "nom": nom, "organisation": organisation}
    )
    return personne


class Acteurs:
    """The users who act on a créneau's projects, created when the demo créneau lacks them."""

    def __init__(self, creneau):
        self.creneau = creneau
        region = creneau.region_porteuse
        debut, _fin = bornes(exercice_de() - 2)  # before the oldest demo project
        self.organisations = self._organisations()
        employeur = creneau.organisme_gestionnaire or self.organisations[0]
        coordination = Coordination.objects.filter(actif_q(), creneau=creneau).select_related("personne").first()
        if coordination is None:
            personne = _personne(f"coord.{creneau.slug}"[:150], "Camille", "Démo-Coordination", employeur)
            coordination = Coordination.objects.create(creneau=creneau, personne=personne, employeur=employeur, debut=debut)
        elif coordination.personne.user_id is None:
            personne = coordination.personne
            personne.user = _compte(f"coord.{creneau.slug}", personne.prenom, personne.nom)
            personne.save(update_fields=["user"])
        self.coordination = coordination.personne.user
        comite, _c = Comite.objects.get_or_create(
            type=Comite.Type.CRENEAU, creneau=creneau, defaults={"nom": f"Comité de créneau {creneau.nom}"}
        )
        self.comite_creneau = comite
        self.secretariat = self._bureau(comite, f"secretariat.{creneau.slug}", debut)
        regional, _c = Comite.objects.get_or_create(
            type=Comite.Type.REGIONAL, region=region, defaults={"nom": f"Comité régional ACCORD {region.nom}"}
        )
        self.comite_regional = regional
        self.regional = self._bureau(regional, f"presidence.{region.slug}", debut)
        self.dr = self._ministere(AffectationMinistere.Niveau.REGIONAL, region, f"dr.{region.slug}", debut)
        self.central = self._ministere(AffectationMinistere.Niveau.CENTRAL, None, "ministere", debut)
        # Fresh user objects once everything is in place: roles are computed once and cached on them.
        for qui in ("coordination", "secretariat", "regional", "dr", "central"):
            setattr(self, qui, User.objects.get(pk=getattr(self, qui).pk))

    def _organisations(self):
        """Porteur and partners: organisations of the region, none sitting on the créneau's comités."""
        region = self.creneau.region_porteuse
        noms = [
            (f"Association des entreprises – {self.creneau.nom}", Organisation.Type.ASSOCIATION),
            (f"Centre collégial de transfert – {self.creneau.nom}", Organisation.Type.ENSEIGNEMENT),
            (f"Corporation de développement économique – {region.nom}", Organisation.Type.DEVELOPPEMENT),
            (f"Grappe industrielle – {self.creneau.nom}", Organisation.Type.OBNL),
        ]
        return [
            Organisation.objects.get_or_create(nom=nom[:200], defaults={"type": type_, "region": region})[0]
            for nom, type_ in noms
        ]

    def _bureau(self, comite, identifiant, debut):
        """A bureau member with a log-in, and at least three voting members."""
        mandat = (
            Mandat.objects.actifs()
            .filter(comite=comite, role__in=Mandat.ROLES_BUREAU, personne__user__isnull=False)
            .select_related("personne__user")
            .first()
        )
        if mandat is None:
            personne = _personne(identifiant[:150], "Dominique", "Démo-Secrétariat", None)
            mandat, _c = Mandat.objects.get_or_create(
                personne=personne,
                comite=comite,
                fin=None,
                defaults={"role": Mandat.Role.SECRETAIRE, "college": Mandat.College.AFFAIRES, "debut": debut},
            )
        votants = list(Mandat.objects.actifs().votants().filter(comite=comite).values_list("personne", flat=True))
        for i in range(max(0, 3 - len(votants))):
            p = Personne.objects.create(prenom="Membre", nom=f"Démo {i + 1} – {comite.pk}")
            Mandat.objects.create(
                personne=p, comite=comite, role=Mandat.Role.MEMBRE, college=Mandat.College.AFFAIRES, debut=debut
            )
        return mandat.personne.user

    @staticmethod
    def reunion(comite):
        """The comité's meeting of the evening before today (frozen "now"), attended by all its voting members."""
        veille = timezone.localdate() - datetime.timedelta(days=1)
        reunion, cree = Reunion.objects.get_or_create(
            comite=comite,
            date=datetime.datetime.combine(veille, datetime.time(19, 0), tzinfo=timezone.get_current_timezone()),
            lieu="Réunion de démonstration des projets",
            defaults={"ordre_du_jour": "Étude des projets FSDCE déposés."},
        )
        if cree:
            votants = Mandat.objects.filter(actif_q(jour=veille), comite=comite).votants()
            reunion.presents.add(*votants.values_list("personne", flat=True).distinct())
        return reunion

    def _ministere(self, niveau, region, identifiant, debut):
        affectation = (
            AffectationMinistere.objects.filter(niveau=niveau, region=region, fin=None, debut__lte=timezone.localdate())
            .select_related("user")
            .first()
        )
        if affectation is None:
            user = _compte(identifiant, "Alex", "Démo-Ministère")
            affectation = AffectationMinistere.objects.create(user=user, niveau=niveau, region=region, debut=debut)
        return affectation.user

    def numero(self, reunion):
        """Next free résolution number of the meeting's comité (unique per comité)."""
        comite = reunion.comite
        sigle = slugify(comite.creneau.sigle or comite.creneau.nom)[:12].upper() if comite.creneau else comite.region.code
        prefixe = f"{'CC' if comite.creneau else 'CR'}-{sigle}-{timezone.localdate().year}"
        pris = set(
            Decision.objects.filter(comite=comite, numero_resolution__startswith=prefixe).values_list(
                "numero_resolution", flat=True
            )
        )
        n = len(pris) + 1
        while f"{prefixe}-{n:03d}" in pris:
            n += 1
        return f"{prefixe}-{n:03d}"


# ---- One project, through the verbs ----------------------------------------------------------


def _projet_demo(creneau, programme, acteurs, rang, statut, titre, enjeu, moments):
    """Create the draft at moments[0], then run each verb of its path at the next moment."""
    with au(moments[0]):
        projet = _brouillon(creneau, programme, acteurs, rang, titre, enjeu)
    for verbe, moment in zip(PARCOURS[statut], moments[1:], strict=True):
        with au(moment):
            projet = _agir(projet, verbe, acteurs).projet


def _brouillon(creneau, programme, acteurs, rang, titre, enjeu):
    porteur, *partenaires = acteurs.organisations
    echelle = ECHELLES_BUDGET[rang % len(ECHELLES_BUDGET)]
    debut = timezone.localdate() + datetime.timedelta(days=30 * (rang % 4) + 60)
    projet = Projet.objects.create(
        titre=titre[:250],
        creneau=creneau,
        programme=programme,
        porteur=porteur,
        description=(
            f"Projet porté par {porteur.nom} avec {len(partenaires)} partenaires pour les entreprises du créneau "
            f"{creneau.nom}. Il découle du plan d'action du créneau et profite à plusieurs entreprises de la région."
        ),
        objectifs="Rejoindre au moins 30 entreprises; mesurer les retombées à 12 et 24 mois.",
        enjeu=enjeu,
        priorite=PrioriteRegionale.objects.filter(region=creneau.region_porteuse_id).order_by("numero").first(),
        action=Action.objects.filter(objectif__axe__plan__creneau=creneau).order_by("pk").first(),
        date_debut=debut,
        date_fin=debut + datetime.timedelta(days=365 + 90 * (rang % 3)),
        cree_par=acteurs.coordination,
    )
    projet.partenaires.set(partenaires)
    Depense.objects.bulk_create(Depense(projet=projet, categorie=c, description=d, montant=m * echelle) for c, d, m in DEPENSES)
    Financement.objects.bulk_create(
        Financement(projet=projet, source=s, description=d, montant=m * echelle, confirme=ok) for s, d, m, ok in FINANCEMENTS
    )
    return projet


def _agir(projet, verbe, a):
    """Run one verb as the right person, with realistic arguments."""
    coord, resolution, regional, central = a.coordination, a.secretariat, a.regional, a.central
    vote = {"pour": 2, "contre": 0, "abstentions": 0}
    contre = {"pour": 0, "contre": 2, "abstentions": 0}
    if verbe == "soumettre":
        return actions.soumettre(projet, coord)
    if verbe == "retirer":
        return actions.retirer(projet, coord, motif=MOTIFS[verbe])
    if verbe in ("adopter_resolution", "rejeter_resolution", "renvoyer"):
        reunion = a.reunion(a.comite_creneau)
        kw = {"reunion": reunion, "numero": a.numero(reunion)}
        kw |= contre if verbe == "rejeter_resolution" else vote
        if verbe != "adopter_resolution":
            kw["motif"] = MOTIFS[verbe]
        return getattr(actions, verbe)(projet, resolution, **kw)
    if verbe in ("approuver_regional", "refuser_regional"):
        reunion = a.reunion(a.comite_regional)
        kw = {"reunion": reunion, "numero": a.numero(reunion)}
        if verbe == "refuser_regional":
            return actions.refuser_regional(projet, regional, motif=MOTIFS[verbe], **kw, **contre)
        return actions.approuver_regional(projet, regional, **kw, **vote)
    if verbe == "analyser":
        return actions.analyser(projet, a.dr, texte="Projet conforme au guide de gestion; retombées sur plusieurs entreprises.")
    if verbe == "accepter":
        return actions.accepter(projet, central, montant=projet.montant_demande, motif="Conforme aux règles du programme.")
    if verbe == "refuser":
        return actions.refuser(projet, central, motif=MOTIFS[verbe])
    if verbe == "signer_convention":
        return actions.signer_convention(projet, central, motif="Convention signée par les parties.")
    if verbe in ("enregistrer_versement", "verser_solde"):
        deja = sum((v.montant for v in projet.versements.all()), Decimal(0))
        montant = (projet.montant_accorde / 2).quantize(Decimal("0.01")) if not deja else projet.montant_accorde - deja
        return actions.enregistrer_versement(projet, central, date=timezone.localdate(), montant=montant, note="Versement")
    if verbe == "accepter_rapport_final":
        return actions.accepter_rapport_final(
            projet, central, resume="Objectifs atteints : 42 entreprises rejointes, trois projets collaboratifs lancés."
        )
    raise ValueError(verbe)


# ---- Synthetic volume for benchmarks ---------------------------------------------------------

ETATS_SYNTHETIQUES = [s for s, *_r in PROJETS]
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
    maintenant = timezone.now()
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
            if p.statut in (Statut.ACCEPTE, Statut.EN_REALISATION, Statut.TERMINE):
                p.montant_accorde = FINANCEMENTS[0][2] * facteur / 4
            if p.statut != Statut.BROUILLON:
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
