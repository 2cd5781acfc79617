"""The project's journey (DESIGN §3): each verb of projets.actions, for the right person, and
refused — changing nothing — for anyone else or in the wrong state."""

from decimal import Decimal

import pytest

from projets import actions
from projets.models import Decision, Projet, Statut
from tests.factories import circuit

pytestmark = pytest.mark.django_db


def _vote(reunion, numero, pour=5, contre=0, abstentions=0):
    return {"reunion": reunion, "numero": numero, "pour": pour, "contre": contre, "abstentions": abstentions}


def test_un_projet_va_du_brouillon_a_terminé(mailoutbox, django_capture_on_commit_callbacks):
    c = circuit()
    projet = c.projet()

    with django_capture_on_commit_callbacks(execute=True):
        d = actions.soumettre(projet, c.coordination)
    p = d.projet
    assert p.statut == Statut.COMITE_CRENEAU
    assert p.numero.startswith("FSDCE-")
    assert [m.to for m in mailoutbox] == [[c.secretaire.email]] or {m.to[0] for m in mailoutbox} >= {c.secretaire.email}

    p = actions.adopter_resolution(p, c.secretaire, **_vote(c.reunion_creneau, "CC-2026-01")).projet
    assert p.statut == Statut.COMITE_REGIONAL
    p = actions.approuver_regional(p, c.president_regional, **_vote(c.reunion_regionale, "CR-2026-01")).projet
    assert p.statut == Statut.MINISTERE
    p = actions.analyser(p, c.dr, texte="Projet conforme au guide de gestion.").projet
    assert p.statut == Statut.MINISTERE
    p = actions.accepter(p, c.central, montant=Decimal("45000")).projet
    assert (p.statut, p.montant_accorde) == (Statut.ACCEPTE, Decimal("45000"))
    p = actions.signer_convention(p, c.dr).projet
    p = actions.enregistrer_versement(p, c.central, date="2026-09-01", montant=Decimal("20000")).projet
    p = actions.accepter_rapport_final(p, c.central, resume="Objectifs atteints.").projet
    assert p.statut == Statut.TERMINE
    assert list(Decision.objects.filter(projet=p).values_list("etape", flat=True)) == [
        "soumission",
        "resolution",
        "comite_regional",
        "analyse",
        "decision_ministere",
        "convention",
        "versement",
        "rapport_final",
    ]
    assert Projet.objects.get(pk=p.pk).version == 9
