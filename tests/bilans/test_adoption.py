"""A bilan is adopted by its créneau's comité in séance (from the séance's résolution only); the
bilan shows it, and the direction régionale sees it before it validates."""

import pytest
from django.urls import reverse

from bilans import actions
from bilans.models import BilanAnnuel, EtapeBilan, Statut
from noyau.actions import ActionRefusee
from tests.bilans.conftest import EXERCICE, pret_a_soumettre
from tests.factories import ComiteFactory, ReunionFactory
from tests.factories.seances import resolution

pytestmark = pytest.mark.django_db


def _etat(bilan):
    b = BilanAnnuel.objects.get(pk=bilan.pk)
    return (b.statut, b.adopte_par_id, b.adopte_seance_id, b.adopte_resolution, b.etapes.count())


def _soumis(monde):
    bilan = actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)
    pret_a_soumettre(bilan, monde.coordination)
    return actions.soumettre(bilan, par=monde.coordination)


def test_le_comite_adopte_le_bilan_en_seance_et_la_direction_regionale_le_voit(client, monde):
    bilan = _soumis(monde)
    reunion = ReunionFactory(comite=monde.comite)
    r = resolution(reunion, par=monde.membre, numero="CC-MEUBLE-2026-03", pour=4, contre=1)
    bilan = actions.adopter(bilan, resolution=r)
    assert (bilan.adopte_par, bilan.adopte_seance, bilan.adopte_resolution) == (monde.comite, reunion, "CC-MEUBLE-2026-03")
    assert bilan.statut == Statut.SOUMIS and bilan.etapes.filter(type=EtapeBilan.Type.ADOPTION).exists()
    client.force_login(monde.dr)
    page = client.get(reverse("bilans:detail", args=[bilan.pk])).content.decode()
    assert "Le comité l’a adopté en séance : Comité de créneau Meuble, résolution CC-MEUBLE-2026-03." in page
    assert "Adoption par le comité en séance" in page


def test_l_adoption_ne_se_fait_qu_avec_la_resolution_du_comite_du_creneau(monde):
    bilan = _soumis(monde)
    avant = _etat(bilan)
    autre = ReunionFactory(comite=ComiteFactory(creneau=monde.autre))
    for r, message in [
        ({"numero": "X", "pour": 5}, "Cette décision appartient au comité"),
        (resolution(autre, par=monde.membre, numero="X-1", pour=5), "Ce comité n'adopte pas le bilan de ce créneau."),
        (
            resolution(ReunionFactory(comite=monde.comite), par=monde.membre, numero="X-2", pour=1, contre=3),
            "La résolution X-2 n'adopte pas ce bilan.",
        ),
    ]:
        with pytest.raises(ActionRefusee, match=message):
            actions.adopter(bilan, resolution=r)
    assert _etat(bilan) == avant


def test_un_bilan_accepte_ne_s_adopte_plus(monde):
    bilan = actions.accepter(_soumis(monde), par=monde.dr)
    avant = _etat(bilan)
    r = resolution(ReunionFactory(comite=monde.comite), par=monde.membre, numero="X-3", pour=5)
    with pytest.raises(ActionRefusee, match="déjà accepté par la direction régionale"):
        actions.adopter(bilan, resolution=r)
    assert _etat(bilan) == avant
