"""A programme's regional envelope: amount, granted, pending, available, and its split by créneau.

- accordé: sum of `montant_accorde` of the region's accepted / en réalisation / terminé projects;
- en attente: sum of the aid requested by the region's projects approved by the comités and
  waiting for the Ministère's decision (state « au Ministère »);
- disponible = montant − accordé (pending money is shown, not reserved).

A project counts in the region porteuse of its créneau (DESIGN §3). `etat()` runs a fixed number
of queries (4) whatever the number of projects or créneaux.
"""

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
    accordes = dict(
        _projets(programme, region)
        .filter(statut__in=STATUTS_ENGAGES)
        .values("creneau")
        .annotate(s=Sum("montant_accorde"))
        .values_list("creneau", "s")
    )
    attentes = dict(
        Financement.objects.demandes()
        .filter(
            projet__programme=programme,
            projet__creneau__region_porteuse=region,
            projet__statut__in=STATUTS_EN_ATTENTE_MINISTERE,
        )
        .values("projet__creneau")
        .annotate(s=Sum("montant"))
        .values_list("projet__creneau", "s")
    )
    ids = set(accordes) | set(attentes)
    creneaux = (
        Creneau.objects.filter(Q(region_porteuse=region) | Q(pk__in=ids)).select_related("region_porteuse").order_by(alpha("nom"))
    )
    parts = [PartCreneau(c, accordes.get(c.pk) or ZERO, attentes.get(c.pk) or ZERO) for c in creneaux]
    return EtatEnveloppe(
        enveloppe=enveloppe,
        montant=enveloppe.montant if enveloppe else ZERO,
        accorde=sum((p.accorde for p in parts), ZERO),
        en_attente=sum((p.en_attente for p in parts), ZERO),
        par_creneau=parts,
    )
