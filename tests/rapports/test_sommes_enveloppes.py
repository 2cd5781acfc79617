"""The reports sum the envelopes without a model per créneau (`etats(..., leger=True)`): the
figures are those of the envelope page, envelope by envelope and créneau by créneau."""

import pytest

from projets import enveloppes
from projets.models import Enveloppe

pytestmark = pytest.mark.django_db


def _figures(etats):
    return {
        cle: (
            e.montant,
            e.accorde,
            e.en_attente,
            e.desengage,
            [(p.creneau.pk, p.creneau.nom, p.accorde, p.en_attente, p.desengage, p.part) for p in e.par_creneau],
        )
        for cle, e in etats.items()
    }


def test_les_sommes_des_rapports_sont_celles_de_la_page_d_une_enveloppe(demo):
    completes = enveloppes.etats(Enveloppe.objects.all())
    legeres = enveloppes.etats(Enveloppe.objects.all(), leger=True)

    assert _figures(legeres) == _figures(completes)
    # The demo has what could tell them apart: répartitions in force, money granted and pending.
    assert any(e.repartition for e in completes.values())
    assert any(p.part for e in legeres.values() for p in e.par_creneau)
    assert sum(e.accorde for e in legeres.values()) > 0 and sum(e.en_attente for e in legeres.values()) > 0
