"""The people who act on a demo créneau: its coordination, the bureaus (présidence and
secrétariat) of its comité de créneau and of its region's comité régional, the Ministère.

`coordination_de` and `direction_regionale_de` only look up what demo.creneaux loaded (plans and
bilans skip a créneau lacking them); `Acteurs` completes what is missing for a créneau's projects
and séances (a créneau made by a test factory has neither coordination nor comité), as directory
rows: a person, a log-in without password, a coordination, a confirmed mandate, an affectation.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from comptes.models import AffectationMinistere
from creneaux.models import Comite, Coordination, Mandat, Organisation, Personne, actif_q
from demo.comptes import compte_sans_connexion
from noyau import horloge
from noyau.exercices import bornes, exercice_de

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


@dataclass(frozen=True)
class Bureau:
    """Who holds the pen of a comité in the demo: its présidence (opens the séances, puts items to
    the vote, confirms) and its secrétariat (plans and convenes, marks presences, types tallies)."""

    comite: Comite
    presidence: object  # User
    secretariat: object  # User


def bureau_de(comite):
    """The Bureau of `comite` from its confirmed active mandates, or None when a seat is empty or
    held by a person without an account."""
    presidence = _mandat(comite, Mandat.ROLES_PRESIDENCE)
    secretariat = _mandat(comite, (Mandat.Role.SECRETAIRE,))
    if presidence is None or secretariat is None or not (presidence.personne.user_id and secretariat.personne.user_id):
        return None
    return Bureau(comite, _frais(presidence.personne.user), _frais(secretariat.personne.user))


def _mandat(comite, roles):
    """The comité's confirmed active mandate in one of `roles` (the first role first)."""
    mandats = Mandat.objects.actifs().confirmes().filter(comite=comite, role__in=roles).select_related("personne__user")
    return min(mandats, key=lambda m: (roles.index(m.role), m.pk), default=None)


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
        self.coordination = _frais(coordination.personne.user)
        comite, _c = Comite.objects.get_or_create(
            type=Comite.Type.CRENEAU, creneau=creneau, defaults={"nom": f"Comité de créneau {creneau.nom}"}
        )
        self.bureau_creneau = self._bureau(comite, creneau.slug, debut)
        regional, _c = Comite.objects.get_or_create(
            type=Comite.Type.REGIONAL, region=region, defaults={"nom": f"Comité régional ACCORD {region.nom}"}
        )
        self.bureau_regional = self._bureau(regional, region.slug, debut)
        self.dr = _frais(self._ministere(AffectationMinistere.Niveau.REGIONAL, region, f"dr.{region.slug}", debut))
        self.central = _frais(self._ministere(AffectationMinistere.Niveau.CENTRAL, None, "ministere", debut))

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

    def _bureau(self, comite, suffixe, debut):
        """The comité's présidence and secrétariat, each with an account (a log-in without
        password for a directory person), and at least three confirmed voting members."""
        for roles, identifiant, prenom, nom in (
            (Mandat.ROLES_PRESIDENCE, f"presidence.{suffixe}", "Claude", "Démo-Présidence"),
            ((Mandat.Role.SECRETAIRE,), f"secretariat.{suffixe}", "Dominique", "Démo-Secrétariat"),
        ):
            mandat = _mandat(comite, roles)
            if mandat is None:
                Mandat.objects.create(
                    personne=_personne(identifiant, prenom, nom, None),
                    comite=comite,
                    role=roles[0],
                    college=Mandat.College.INTERVENANT,
                    debut=debut,
                    confirme_le=a_l_heure(debut, 9),
                )
            elif mandat.personne.user_id is None:
                personne = mandat.personne
                personne.user = compte_sans_connexion(identifiant, personne.prenom, personne.nom)
                personne.save(update_fields=["user"])
        votants = Mandat.objects.actifs().votants().filter(comite=comite).count()
        for i in range(max(0, 3 - votants)):
            p = Personne.objects.create(prenom="Membre", nom=f"Démo {i + 1} – {comite.pk}")
            Mandat.objects.create(
                personne=p,
                comite=comite,
                role=Mandat.Role.MEMBRE,
                college=Mandat.College.INTERVENANT,
                debut=debut,
                confirme_le=a_l_heure(debut, 9),
            )
        return bureau_de(comite)

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
