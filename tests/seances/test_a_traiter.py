"""« À traiter » of the séances: the chair is asked to open a séance whose time has come, the
chair and the secretary each to approve the procès-verbal; nobody else (a member finds an open
vote in « Mes prochaines séances »)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from portail.a_traiter import taches_de
from seances import actions
from seances.a_traiter import taches_seances
from tests.factories import UserFactory, seance_prete

pytestmark = pytest.mark.django_db


def _quoi(user):
    return [t.quoi for t in taches_seances(user)]


def test_la_presidence_ouvre_la_seance_venue():
    convoquee = seance_prete(statut=Reunion.Statut.CONVOQUEE, date=timezone.now() - datetime.timedelta(minutes=5))
    assert _quoi(convoquee.president) == ["Ouvrir la séance"]
    tache = next(t for t in taches_de(convoquee.president) if t.quoi == "Ouvrir la séance")
    assert tache.url == reverse("seances:en_cours", args=[convoquee.seance.pk]) and tache.genre == "seances"
    assert _quoi(convoquee.secretaire) == [] and _quoi(convoquee.votants[0]) == []
    assert _quoi(UserFactory()) == [] and _quoi(convoquee.coordination) == []
    a_venir = seance_prete(statut=Reunion.Statut.CONVOQUEE)  # tomorrow: not yet
    assert _quoi(a_venir.president) == []


def test_le_proces_verbal_attend_la_presidence_et_le_secretariat_chacun_une_fois():
    c = seance_prete(statut=Reunion.Statut.LEVEE, levee_le=timezone.now() - datetime.timedelta(hours=1))
    assert _quoi(c.president) == ["Approuver le procès-verbal"] and _quoi(c.secretaire) == ["Approuver le procès-verbal"]
    assert _quoi(c.votants[0]) == []
    actions.approuver_pv(c.seance, par=c.president)
    assert _quoi(c.president) == [] and _quoi(c.secretaire) == ["Approuver le procès-verbal"]


def test_les_taches_des_seances_tiennent_en_une_requete(django_assert_max_num_queries):
    for _ in range(3):
        c = seance_prete(statut=Reunion.Statut.LEVEE, levee_le=timezone.now(), comite=None)
    user = c.president
    membre = c.votants[0]
    taches_seances(user), taches_seances(membre)  # the users' roles are cached on the user objects
    with django_assert_max_num_queries(1):
        assert len(taches_seances(user)) == 1
    with django_assert_max_num_queries(0):
        assert taches_seances(membre) == []
