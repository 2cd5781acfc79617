"""« À traiter » of the séances: the chair is asked to open a séance whose time has come, the
chair and the secretary each to approve the procès-verbal, a voting member to vote on the open
item (not once voted, not in conflict); nobody else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from portail.a_traiter import taches_de
from seances import actions
from seances.taches import taches_seances
from tests.factories import UserFactory, seance_prete

pytestmark = pytest.mark.django_db


def _quoi(user):
    return [t.quoi for t in taches_seances(user)]


def test_la_presidence_ouvre_la_seance_venue_et_les_membres_votent_le_point_ouvert():
    convoquee = seance_prete(statut=Reunion.Statut.CONVOQUEE, date=timezone.now() - datetime.timedelta(minutes=5))
    assert _quoi(convoquee.president) == ["Ouvrir la séance"]
    assert _quoi(convoquee.secretaire) == [] and _quoi(convoquee.votants[0]) == []

    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    assert "Voter" in _quoi(c.votants[0])
    tache = next(t for t in taches_de(c.votants[0]) if t.quoi == "Voter")
    assert tache.url == reverse("seances:en_cours", args=[c.seance.pk]) and tache.genre == "seances"
    actions.voter(c.point, par=c.votants[0], choix="pour")
    actions.declarer_conflit(c.point, par=c.votants[1], note="Mon employeur est partenaire.")
    assert "Voter" not in _quoi(c.votants[0]) and "Voter" not in _quoi(c.votants[1])
    assert _quoi(UserFactory()) == [] and _quoi(c.coordination) == []


def test_le_proces_verbal_attend_la_presidence_et_le_secretariat_chacun_une_fois():
    c = seance_prete(statut=Reunion.Statut.LEVEE, levee_le=timezone.now() - datetime.timedelta(hours=1))
    assert _quoi(c.president) == ["Approuver le procès-verbal"] and _quoi(c.secretaire) == ["Approuver le procès-verbal"]
    assert _quoi(c.votants[0]) == []
    actions.approuver_pv(c.seance, par=c.president)
    assert _quoi(c.president) == [] and _quoi(c.secretaire) == ["Approuver le procès-verbal"]


def test_les_taches_des_seances_tiennent_en_un_nombre_fixe_de_requetes(django_assert_max_num_queries):
    c = seance_prete(nb_projets=4)
    for p in c.points[:1]:
        actions.ouvrir_vote(p, par=c.president)
    user = c.votants[0]
    taches_seances(user)  # the user's roles are cached on the user object
    with django_assert_max_num_queries(3):
        taches_seances(user)
