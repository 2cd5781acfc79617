"""The people who act on a demo créneau (its coordination, the bureaus of its comités, the
Ministère), and the meetings where its comités decide.

`coordination_de` and `direction_regionale_de` only look up what demo.creneaux loaded (plans and
bilans skip a créneau lacking them); `Acteurs` completes what is missing for a créneau's projects
(a créneau made by a test factory has neither coordination nor comité), as directory rows: a
person, a log-in without password, a coordination, a mandate, an affectation.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from comptes.models import AffectationMinistere
from creneaux.models import Comite, Coordination, Mandat, Organisation, Personne, Reunion, actif_q
from demo.comptes import compte_sans_connexion
from noyau import horloge
from noyau.exercices import bornes, exercice_de
from projets.models import Decision

User = get_user_model()


def _frais(user):
    """A fresh user object: roles are computed once and cached on the instance."""
    return User.objects.get(pk=user.pk)


def coordination_de(creneau):
    """The log-in of the créneau's active coordination, or None."""
    coordination = (
        Coordination.objects.filter(actif_q(), creneau=creneau, personne__user__isnull=False).select_related("personne").first()
    )
    return _frais(coordination.personne.user) if coordination else None


def direction_regionale_de(creneau):
    """A log-in of the direction régionale of the créneau's region porteuse, or None."""
    dr = (
        AffectationMinistere.objects.filter(actif_q(), niveau="regional", region=creneau.region_porteuse_id)
        .order_by("pk")
        .first()
    )
    return _frais(dr.user) if dr else None


def a_l_heure(jour, heure, minute=0):
    """The aware datetime of `jour` at `heure`:`minute` (the portal's time zone)."""
    return datetime.datetime.combine(jour, datetime.time(heure, minute), tzinfo=timezone.get_current_timezone())


def _personne(identifiant, prenom, nom, organisation):
    user = compte_sans_connexion(identifiant, prenom, nom)
    personne, _cree = Personne.objects.get_or_create(
        user=user, defaults={"prenom": prenom, "nom": nom, "organisation": organisation}
    )
    return personne


class Acteurs:
    """The users who act on a créneau's projects, created when the demo créneau lacks them, and
    the organisations that carry its projects."""

    def __init__(self, creneau):
        self.creneau = creneau
        region = creneau.region_porteuse
        debut, _fin = bornes(exercice_de() - 2)  # before the oldest demo project
        self.organisations = self._organisations()
        employeur = creneau.organisme_gestionnaire or self.organisations[0]
        coordination = Coordination.objects.filter(actif_q(), creneau=creneau).select_related("personne").first()
        if coordination is None:
            personne = _personne(f"coord.{creneau.slug}", "Camille", "Démo-Coordination", employeur)
            coordination = Coordination.objects.create(creneau=creneau, personne=personne, employeur=employeur, debut=debut)
        elif coordination.personne.user_id is None:
            personne = coordination.personne
            personne.user = compte_sans_connexion(f"coord.{creneau.slug}", personne.prenom, personne.nom)
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
        # Fresh user objects once everything is in place.
        for qui in ("coordination", "secretariat", "regional", "dr", "central"):
            setattr(self, qui, _frais(getattr(self, qui)))

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
            personne = _personne(identifiant, "Dominique", "Démo-Secrétariat", None)
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

    def _ministere(self, niveau, region, identifiant, debut):
        affectation = (
            AffectationMinistere.objects.filter(niveau=niveau, region=region, fin=None, debut__lte=horloge.aujourdhui())
            .select_related("user")
            .first()
        )
        if affectation is None:
            user = compte_sans_connexion(identifiant, "Alex", "Démo-Ministère")
            affectation = AffectationMinistere.objects.create(user=user, niveau=niveau, region=region, debut=debut)
        return affectation.user

    @staticmethod
    def reunion(comite):
        """The comité's meeting of the evening before (the clock's) today, attended by all its
        voting members: a row of the comité's calendar, inserted like demo.creneaux's meetings
        (recording it through creneaux.actions.enregistrer_reunion, with one history row per
        person present, would add a quarter to the demo's loading time)."""
        veille = horloge.aujourdhui() - datetime.timedelta(days=1)
        reunion = Reunion(
            comite=comite,
            date=a_l_heure(veille, 19),
            lieu="Réunion de démonstration des projets",
            ordre_du_jour="Étude des projets FSDCE déposés.",
        )
        existante = Reunion.objects.filter(comite=comite, date=reunion.date, lieu=reunion.lieu).first()
        if existante:
            return existante
        Reunion.objects.bulk_create([reunion])
        votants = Mandat.objects.filter(actif_q(jour=veille), comite=comite).votants()
        Presence = Reunion.presents.through
        Presence.objects.bulk_create(
            Presence(reunion_id=reunion.pk, personne_id=p) for p in votants.values_list("personne", flat=True).distinct()
        )
        return reunion

    @staticmethod
    def numero(reunion):
        """Next free résolution number of the meeting's comité (unique per comité)."""
        comite = reunion.comite
        sigle = slugify(comite.creneau.sigle or comite.creneau.nom)[:12].upper() if comite.creneau else comite.region.code
        prefixe = f"{'CC' if comite.creneau else 'CR'}-{sigle}-{horloge.aujourdhui().year}"
        pris = set(
            Decision.objects.filter(comite=comite, numero_resolution__startswith=prefixe).values_list(
                "numero_resolution", flat=True
            )
        )
        n = len(pris) + 1
        while f"{prefixe}-{n:03d}" in pris:
            n += 1
        return f"{prefixe}-{n:03d}"

    def vote(self, comite, *, pour):
        """The meeting of `comite` the evening before, its next résolution number, and a vote of
        two members for (`pour`) or against the project."""
        reunion = self.reunion(comite)
        voix = {"pour": 2, "contre": 0} if pour else {"pour": 0, "contre": 2}
        return {"reunion": reunion, "numero": self.numero(reunion), "abstentions": 0, **voix}
