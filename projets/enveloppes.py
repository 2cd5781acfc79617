"""A programme's regional envelope: amount, committed, pending, available, and its split by créneau.

- engagé (`accorde`): granted to the region's accepted / en réalisation / terminé projects, minus
  the balances the Ministère released (`desengage`, shown apart: that money is back);
- en attente: the aid requested by the region's projects approved by the comités and waiting for
  the Ministère's decision (state « au Ministère »);
- disponible = montant − engagé (pending money is shown, not reserved).

Per créneau, with the répartition in force (the latest adopted by the comité régional): its
share (`part`), engagé, en attente and its « disponible après les projets en attente » = part −
engagé − en attente (what a new approval may still take). A project counts in the region
porteuse of its créneau. `etat()` / `etats()` run a fixed number of queries (5 / 4) whatever the
number of envelopes, projects or créneaux.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, OuterRef, Q, Subquery, Sum

from creneaux.models import STATUTS_TERMINES, Creneau
from noyau.tri import alpha
from projets.models import (
    STATUTS_EN_ATTENTE_MINISTERE,
    STATUTS_ENGAGES,
    Enveloppe,
    Financement,
    PartRepartition,
    Projet,
    Repartition,
)

ZERO = Decimal(0)
ENGAGE = F("montant_accorde") - F("montant_desengage")


class CreneauLeger(NamedTuple):
    """What the reports' sums need of a créneau (etats(..., leger=True)): no model instance for
    each of the hundreds of créneaux a provincial view holds."""

    pk: int
    nom: str
    region_porteuse_id: int
    statut: str

    @property
    def termine(self):
        return self.statut in STATUTS_TERMINES


@dataclass
class PartCreneau:
    creneau: Creneau | CreneauLeger
    accorde: Decimal = ZERO
    en_attente: Decimal = ZERO
    desengage: Decimal = ZERO
    # The créneau's share in the répartition in force (None: no répartition, or not named in it).
    part: Decimal | None = None

    def part_de(self, montant):
        """Share of the envelope committed to this créneau (0..1), None for an empty envelope."""
        return self.accorde / montant if montant else None

    @property
    def disponible_apres_attente(self):
        """What the créneau's share leaves for new approvals once the projects pending at the
        Ministère are counted (None without a share). Not the envelope's « Disponible »
        (montant − engagé): shown under its own label."""
        return None if self.part is None else self.part - self.accorde - self.en_attente


@dataclass
class EtatEnveloppe:
    enveloppe: Enveloppe | None
    montant: Decimal
    accorde: Decimal
    en_attente: Decimal
    desengage: Decimal = ZERO
    par_creneau: list[PartCreneau] = field(default_factory=list)
    repartition: Repartition | None = None  # always None when computed leger (its parts still count)

    @property
    def disponible(self):
        return self.montant - self.accorde


def _projets(programme, region):
    return Projet.objects.filter(programme=programme, creneau__region_porteuse=region)


def accorde(programme, region) -> Decimal:
    """Committed on the envelope (one query): used under the envelope's lock by actions.accepter."""
    total = _projets(programme, region).filter(statut__in=STATUTS_ENGAGES).aggregate(s=Sum(ENGAGE))["s"]
    return total or ZERO


def situation_creneau(enveloppe, creneau, *, sauf=None):
    """(part, engagé, en attente) of `creneau` on `enveloppe` (part None without a répartition);
    `sauf`: a project left out of the pending sum (the one being decided). One query."""
    return _situations(Enveloppe.objects.filter(pk=enveloppe.pk), creneau, sauf)[0][1]


def situation_dans_l_enveloppe(programme, region, creneau, *, sauf=None):
    """(envelope, (part, engagé, en attente)) of `creneau` on the envelope of `programme` for
    `region`, as situation_creneau; None without an envelope. One query."""
    trouvees = _situations(Enveloppe.objects.filter(programme=programme, region=region), creneau, sauf)
    return trouvees[0] if trouvees else None


def _situations(enveloppes, creneau, sauf):
    derniere = Repartition.objects.filter(enveloppe=OuterRef("pk")).order_by("-horodatage", "-pk").values("pk")[:1]
    part = PartRepartition.objects.filter(repartition=OuterRef("repartition"), creneau=creneau).values("montant")[:1]
    projets = Projet.objects.filter(programme=OuterRef("programme_id"), creneau=creneau)
    engage = projets.filter(statut__in=STATUTS_ENGAGES).order_by().values("creneau").annotate(s=Sum(ENGAGE)).values("s")
    attente = (
        Financement.objects.demandes()
        .filter(
            projet__programme=OuterRef("programme_id"),
            projet__creneau=creneau,
            projet__statut__in=STATUTS_EN_ATTENTE_MINISTERE,
        )
        .exclude(projet=getattr(sauf, "pk", None))
        .order_by()
        .values("projet__creneau")
        .annotate(s=Sum("montant"))
        .values("s")
    )
    resultat = []
    for e in enveloppes.annotate(
        repartition=Subquery(derniere), part=Subquery(part), engage=Subquery(engage), attente=Subquery(attente)
    ):
        if e.repartition is None:
            resultat.append((e, (None, ZERO, ZERO)))
        else:
            resultat.append((e, (e.part or ZERO, e.engage or ZERO, e.attente or ZERO)))
    return resultat


def etat(programme, region) -> EtatEnveloppe:
    """The envelope of `programme` for `region`, with its split by créneau of the region porteuse."""
    enveloppe = Enveloppe.objects.filter(programme=programme, region=region).first()
    return _etats([(programme.pk, region.pk, enveloppe)])[(programme.pk, region.pk)]


def etats(enveloppes, *, leger=False) -> dict:
    """{(programme_id, region_id): EtatEnveloppe} of many envelopes, in the same 4 queries as one.

    `leger`: the same figures for the reports' sums, without a model per créneau (each part's
    créneau a CreneauLeger) nor the répartition's record (`repartition` None; its shares still
    count): the provincial dashboard reads hundreds of créneaux for each of its envelopes."""
    return _etats([(e.programme_id, e.region_id, e) for e in enveloppes], leger)


def _repartitions(enveloppes, leger):
    """{enveloppe id: (Repartition, or its id when leger, {creneau id: part})} of the répartitions
    in force (one query)."""
    ids = [e.pk for e in enveloppes if e is not None]
    if not ids:
        return {}
    parts = PartRepartition.objects.filter(repartition__enveloppe__in=ids).order_by("repartition__horodatage", "repartition__pk")
    if leger:
        rangees = parts.values_list("repartition__enveloppe_id", "repartition_id", "creneau_id", "montant")
    else:
        parts = parts.select_related("repartition__comite")
        rangees = ((p.repartition.enveloppe_id, p.repartition, p.creneau_id, p.montant) for p in parts)
    derniere = {}
    for enveloppe, repartition, creneau, montant in rangees:
        if enveloppe not in derniere or derniere[enveloppe][0] != repartition:
            derniere[enveloppe] = (repartition, {})
        derniere[enveloppe][1][creneau] = montant
    return derniere


def _etats(paires, leger=False):
    """`paires`: [(programme_id, region_id, Enveloppe or None)]."""
    if not paires:
        return {}
    programmes, regions = {p for p, _r, _e in paires}, {r for _p, r, _e in paires}
    accordes, desengages = defaultdict(dict), defaultdict(dict)
    for programme, region, creneau, somme, libere in (
        Projet.objects.filter(programme__in=programmes, creneau__region_porteuse__in=regions, statut__in=STATUTS_ENGAGES)
        .order_by()
        .values_list("programme", "creneau__region_porteuse", "creneau")
        .annotate(s=Sum(ENGAGE), d=Sum("montant_desengage"))
    ):
        accordes[programme, region][creneau] = somme
        desengages[programme, region][creneau] = libere
    attentes = defaultdict(dict)
    for programme, region, creneau, somme in (
        Financement.objects.demandes()
        .filter(
            projet__programme__in=programmes,
            projet__creneau__region_porteuse__in=regions,
            projet__statut__in=STATUTS_EN_ATTENTE_MINISTERE,
        )
        .order_by()
        .values_list("projet__programme", "projet__creneau__region_porteuse", "projet__creneau")
        .annotate(s=Sum("montant"))
    ):
        attentes[programme, region][creneau] = somme
    repartitions = _repartitions([e for _p, _r, e in paires], leger)
    ids = {c for d in (*accordes.values(), *attentes.values()) for c in d}
    ids |= {c for _r, parts in repartitions.values() for c in parts}
    creneaux = Creneau.objects.filter(Q(region_porteuse__in=regions) | Q(pk__in=ids)).order_by(alpha("nom"))
    if leger:
        creneaux = map(CreneauLeger._make, creneaux.values_list(*CreneauLeger._fields))
    else:
        creneaux = creneaux.select_related("region_porteuse")
    # Each envelope's créneaux: its region's active ones and any other with money in it, in the
    # créneaux' order (one pass to index them: the provincial view has hundreds and 17 regions).
    rang, par_id, actifs = {}, {}, defaultdict(set)
    for i, c in enumerate(creneaux):
        rang[c.pk], par_id[c.pk] = i, c
        if not c.termine:
            actifs[c.region_porteuse_id].add(c.pk)
    resultat = {}
    for programme, region, enveloppe in paires:
        acc, att, lib = accordes[programme, region], attentes[programme, region], desengages[programme, region]
        repartition, montants = repartitions.get(getattr(enveloppe, "pk", None), (None, {}))
        ids = sorted((actifs[region] | acc.keys() | att.keys() | montants.keys()) & rang.keys(), key=rang.__getitem__)
        parts = [
            PartCreneau(
                par_id[pk],
                acc.get(pk) or ZERO,
                att.get(pk) or ZERO,
                lib.get(pk) or ZERO,
                (montants.get(pk) or ZERO) if repartition else None,
            )
            for pk in ids
        ]
        resultat[programme, region] = EtatEnveloppe(
            enveloppe=enveloppe,
            montant=enveloppe.montant if enveloppe else ZERO,
            accorde=sum((p.accorde for p in parts), ZERO),
            en_attente=sum((p.en_attente for p in parts), ZERO),
            desengage=sum((p.desengage for p in parts), ZERO),
            par_creneau=parts,
            repartition=None if leger else repartition,
        )
    return resultat
