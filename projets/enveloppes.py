"""A programme's regional envelope: amount, granted, pending, available, and its split by créneau.

- accordé: sum of `montant_accorde` of the region's accepted / en réalisation / terminé projects;
- en attente: sum of the aid requested by the region's projects approved by the comités and
  waiting for the Ministère's decision (state « au Ministère »);
- disponible = montant − accordé (pending money is shown, not reserved).

A project counts in the region porteuse of its créneau. `etat()` / `etats()` run a fixed number of
queries (4 / 3) whatever the number of envelopes, projects or créneaux.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from creneaux.models import Creneau
from noyau.tri import alpha
from projets.models import STATUTS_EN_ATTENTE_MINISTERE, STATUTS_ENGAGES, Enveloppe, Financement, Projet

ZERO = Decimal(0)


@dataclass
class PartCreneau:
    creneau: Creneau
    accorde: Decimal = ZERO
    en_attente: Decimal = ZERO

    def part_de(self, montant):
        """Share of the envelope granted to this créneau (0..1), None for an empty envelope."""
        return self.accorde / montant if montant else None


@dataclass
class EtatEnveloppe:
    enveloppe: Enveloppe | None
    montant: Decimal
    accorde: Decimal
    en_attente: Decimal
    par_creneau: list[PartCreneau] = field(default_factory=list)

    @property
    def disponible(self):
        return self.montant - self.accorde


def _projets(programme, region):
    return Projet.objects.filter(programme=programme, creneau__region_porteuse=region)


def accorde(programme, region) -> Decimal:
    """Granted so far on the envelope (one query): used under the envelope's lock by actions.accepter."""
    total = _projets(programme, region).filter(statut__in=STATUTS_ENGAGES).aggregate(s=Sum("montant_accorde"))["s"]
    return total or ZERO


def etat(programme, region) -> EtatEnveloppe:
    """The envelope of `programme` for `region`, with its split by créneau of the region porteuse."""
    enveloppe = Enveloppe.objects.filter(programme=programme, region=region).first()
    return _etats([(programme.pk, region.pk, enveloppe)])[(programme.pk, region.pk)]


def etats(enveloppes) -> dict:
    """{(programme_id, region_id): EtatEnveloppe} of many envelopes, in the same 3 queries as one."""
    return _etats([(e.programme_id, e.region_id, e) for e in enveloppes])


def _etats(paires):
    """`paires`: [(programme_id, region_id, Enveloppe or None)]."""
    if not paires:
        return {}
    programmes, regions = {p for p, _r, _e in paires}, {r for _p, r, _e in paires}
    accordes = defaultdict(dict)
    for programme, region, creneau, somme in (
        Projet.objects.filter(programme__in=programmes, creneau__region_porteuse__in=regions, statut__in=STATUTS_ENGAGES)
        .order_by()
        .values_list("programme", "creneau__region_porteuse", "creneau")
        .annotate(s=Sum("montant_accorde"))
    ):
        accordes[programme, region][creneau] = somme
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
    ids = {c for d in (*accordes.values(), *attentes.values()) for c in d}
    creneaux = (
        Creneau.objects.filter(Q(region_porteuse__in=regions) | Q(pk__in=ids))
        .select_related("region_porteuse")
        .order_by(alpha("nom"))
    )
    resultat = {}
    for programme, region, enveloppe in paires:
        acc, att = accordes[programme, region], attentes[programme, region]
        parts = [
            PartCreneau(c, acc.get(c.pk) or ZERO, att.get(c.pk) or ZERO)
            for c in creneaux
            if c.region_porteuse_id == region or c.pk in acc or c.pk in att
        ]
        resultat[programme, region] = EtatEnveloppe(
            enveloppe=enveloppe,
            montant=enveloppe.montant if enveloppe else ZERO,
            accorde=sum((p.accorde for p in parts), ZERO),
            en_attente=sum((p.en_attente for p in parts), ZERO),
            par_creneau=parts,
        )
    return resultat
