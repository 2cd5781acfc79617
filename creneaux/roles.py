"""What a user may act as, computed from the data (docs/permissions.md).

Pages read a user's roles from the cache (no SQL); a verb re-reads them from the database under
its lock (`exiger` asks its rule with `frais=True`), so a right just lost never lets a decision
through. The cache entry is keyed by a generation that every change of what roles are made of
raises (mandates, coordinations, ministry assignments, règlements, a person's account: see
`invalider_roles`), by the day (mandates start and end on dates) and lives no longer than the next
règlement coming into force among the user's comités.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from creneaux.models import Comite, Coordination, Mandat, Reglement, actif_q
from noyau.horloge import aujourdhui, maintenant
from noyau.permissions import CONNEXION_REQUISE, enregistrer, non


@dataclass(frozen=True)
class Roles:
    authentifie: bool = False
    admin: bool = False
    central: bool = False
    # Region ids of the user's direction(s) régionale(s).
    directions_regionales: frozenset = field(default_factory=frozenset)
    # Créneau ids the user coordinates (active Coordination).
    coordination: frozenset = field(default_factory=frozenset)
    # Créneau ids whose résolutions the user may record: président / secrétaire of the comité de
    # créneau, of a delegated comité exécutif, or of the créneau's comité interrégional.
    resolution: frozenset = field(default_factory=frozenset)
    # Region ids whose comité régional the user chairs or records for.
    comite_regional: frozenset = field(default_factory=frozenset)
    # Comité ids the user sits on (any active mandat), and the créneaux / regions they belong to.
    comites: frozenset = field(default_factory=frozenset)
    comites_bureau: frozenset = field(default_factory=frozenset)
    # Comité ids the user chairs (présidence, coprésidence, vice-présidence) or is secretary of.
    presidences: frozenset = field(default_factory=frozenset)
    secretariats: frozenset = field(default_factory=frozenset)
    creneaux_membre: frozenset = field(default_factory=frozenset)
    regions_membre: frozenset = field(default_factory=frozenset)

    @property
    def ministere(self):
        return self.central or bool(self.directions_regionales)

    def libelles(self):
        """Human labels for the home page."""
        from django.utils.translation import gettext as _

        out = []
        if self.central:
            out.append(_("Ministère – central"))
        if self.directions_regionales:
            out.append(_("Ministère – direction régionale"))
        if self.coordination:
            out.append(_("Coordination de créneau"))
        if self.resolution:
            out.append(_("Comité de créneau (présidence ou secrétariat)"))
        if self.comite_regional:
            out.append(_("Comité régional (présidence ou secrétariat)"))
        if self.comites and not (self.resolution or self.comite_regional):
            out.append(_("Membre de comité"))
        if self.admin:
            out.append(_("Administration"))
        return out


ANONYME = Roles()


GENERATION = "roles:generation"
# Even unchanged, an entry is recomputed this often (a bound on any change a signal could miss).
DUREE_MAX = 600


# Raised with the generation, in this process: the roles a transaction re-read stay its own until
# it changes what they are made of.
_changements_locaux = 0


def invalider_roles():
    """Every cached role is stale from now on (called on each change of what roles are made of,
    again when its transaction commits: a page computing roles meanwhile read the old state)."""
    global _changements_locaux
    _changements_locaux += 1
    _nouvelle_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_nouvelle_generation, robust=True)


def _nouvelle_generation():
    try:
        cache.incr(GENERATION)
    except ValueError:  # no generation yet (or the cache was emptied)
        cache.set(GENERATION, 1, None)


def _cle(user):
    return f"roles:{cache.get(GENERATION, 0)}:{user.pk}:{int(user.is_superuser)}:{aujourdhui().isoformat()}"


def _transaction_du_portail():
    """The outermost transaction of the portal's own that is open (a test's wrapping one aside),
    or None: what it reads may be rolled back, so it is not cached across requests."""
    return next((a for a in connection.atomic_blocks if not getattr(a, "_from_testcase", False)), None)


def roles_de(user, *, frais=False) -> Roles:
    """Roles of `user`: kept on the user object for the request and in the cache across requests,
    unless `frais` (a verb, under its lock): then read from the database (three queries)."""
    if user is None or not user.is_authenticated:
        return ANONYME
    if not frais:
        cached = getattr(user, "_accord_roles", None)
        if cached is not None:
            return cached
        cle = _cle(user)
        cached = cache.get(cle)
        if cached is not None:
            user._accord_roles = cached
            return cached
    else:
        # Re-read once per transaction (the demo runs many verbs in one), again after a change of
        # what roles are made of, on another day (the demo's clock moves) or past a règlement's start.
        transaction_ = _transaction_du_portail()
        memo = getattr(user, "_accord_roles_frais", None)
        if (
            transaction_ is not None
            and memo is not None
            and memo[:3] == (transaction_, _changements_locaux, aujourdhui())
            and (memo[3] is None or maintenant() < memo[3])
        ):
            user._accord_roles = memo[4]
            return memo[4]
    roles, prochain = _calculer(user)
    user._accord_roles = roles
    if frais:
        if transaction_ is not None:
            user._accord_roles_frais = (transaction_, _changements_locaux, aujourdhui(), prochain, roles)
    elif _transaction_du_portail() is None:
        duree = DUREE_MAX if prochain is None else min(DUREE_MAX, (prochain - maintenant()).total_seconds())
        if duree >= 1:
            cache.set(cle, roles, int(duree))
    return roles


def _calculer(user):
    """(roles, the moment the next règlement of one of the user's comités comes into force, or None)."""
    today = aujourdhui()
    affectations = list(user.affectations.filter(actif_q(jour=today)).values_list("niveau", "region_id"))
    comites, bureau, resolution, regional, creneaux_m, regions_m = set(), set(), set(), set(), set(), set()
    presidences, secretariats = set(), set()
    coordination = set(Coordination.objects.filter(actif_q(jour=today), personne__user=user).values_list("creneau_id", flat=True))
    # A proposed bureau role or vote gives no right until confirmed; an observer needs no confirmation.
    # The delegation of résolutions to a comité exécutif is its règlement's (the one in force now).
    # (as Comite.reglement_en_vigueur: the last in force by now, else the first one).
    confirmes = Reglement.objects.filter(comite=OuterRef("comite_id"), etat=Reglement.Etat.CONFIRME)
    delegation = Coalesce(
        Subquery(
            confirmes.filter(en_vigueur_le__lte=maintenant())
            .order_by("-en_vigueur_le", "-pk")
            .values("delegation_resolutions")[:1]
        ),
        Subquery(confirmes.order_by("en_vigueur_le", "pk").values("delegation_resolutions")[:1]),
    )
    mandats = (
        Mandat.objects.actifs(today)
        .filter(personne__user=user)
        .filter(Q(confirme_le__isnull=False) | Q(role=Mandat.Role.OBSERVATEUR))
        .annotate(
            delegation=delegation,
            # When the next règlement comes into force, the delegation may change: the cache ends there.
            prochain=Subquery(
                confirmes.filter(en_vigueur_le__gt=maintenant()).order_by("en_vigueur_le").values("en_vigueur_le")[:1]
            ),
        )
        .values_list("comite_id", "role", "comite__type", "comite__creneau_id", "comite__region_id", "delegation", "prochain")
    )
    prochains = []
    for comite_id, role, type_, creneau_id, region_id, delegation, prochain in mandats:
        if prochain:
            prochains.append(prochain)
        comites.add(comite_id)
        if creneau_id:
            creneaux_m.add(creneau_id)
        if region_id:
            regions_m.add(region_id)
        if role not in Mandat.ROLES_BUREAU:
            continue
        bureau.add(comite_id)
        (presidences if role in Mandat.ROLES_PRESIDENCE else secretariats).add(comite_id)
        if type_ == Comite.Type.REGIONAL:
            regional.add(region_id)
        elif type_ in (Comite.Type.CRENEAU, Comite.Type.INTERREGIONAL) or (type_ == Comite.Type.EXECUTIF and delegation):
            resolution.add(creneau_id)
    roles = Roles(
        authentifie=True,
        admin=user.is_superuser,
        central=any(n == "central" for n, _r in affectations),
        directions_regionales=frozenset(r for n, r in affectations if n == "regional"),
        coordination=frozenset(coordination),
        resolution=frozenset(resolution),
        comite_regional=frozenset(regional),
        comites=frozenset(comites),
        comites_bureau=frozenset(bureau),
        presidences=frozenset(presidences),
        secretariats=frozenset(secretariats),
        creneaux_membre=frozenset(creneaux_m),
        regions_membre=frozenset(regions_m),
    )
    return roles, min(prochains, default=None)


def regle(nom, *, public=False):
    """Declare permission rule `nom`: the function receives (user, obj, roles) and returns a
    Verdict. Unless `public`, an anonymous user is refused (log in first) before it runs."""

    def deco(fn):
        def verdict(user, obj=None, *, frais=False):
            roles = roles_de(user, frais=frais)
            if not (public or roles.authentifie):
                return non(CONNEXION_REQUISE)
            return fn(user, obj, roles)

        return enregistrer(nom, verdict)

    return deco
