"""Members and the chair acting at the same instant, on PostgreSQL with real threads and their own
connections: every vote is counted once in the final tally or refused with a clear message, never
lost, never counted after the close."""

import time

import pytest

from creneaux.models import Presence, Reunion
from noyau.actions import ActionRefusee
from seances import actions
from seances.models import Point, Vote
from tests.concurrence import en_meme_temps
from tests.factories import seance_prete

# Transactional tests: each one empties the tables when it ends (tests/conftest.py reloads the
# data migrations' rows).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def verrou_tenu(monkeypatch):
    """Hold each row lock a little longer, so that a concurrent verb surely meets it."""
    verrouiller = actions.verrouiller

    def lent(*args, **kwargs):
        objet = verrouiller(*args, **kwargs)
        time.sleep(0.2)
        return objet

    monkeypatch.setattr(actions, "verrouiller", lent)


def relu_point(point):
    return Point.objects.get(pk=point.pk)


@pytest.mark.parametrize("tour", range(3))
def test_deux_membres_votent_pendant_que_la_presidence_clot(verrou_tenu, tour):
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    actions.voter(c.point, par=c.president, choix="pour")  # the close always has a vote to count
    a, b = c.votants[0], c.votants[1]

    # vary who reaches the lock first
    decalages = [(0, 0, 0), (0, 0, 0.05), (0.05, 0, 0)][tour]

    def apres(delai, appel):
        def f():
            time.sleep(delai)
            return appel()

        return f

    vote_a, vote_b, cloture = en_meme_temps(
        apres(decalages[0], lambda: actions.voter(relu_point(c.point), par=a, choix="pour")),
        apres(decalages[1], lambda: actions.voter(relu_point(c.point), par=b, choix="contre")),
        apres(decalages[2], lambda: actions.clore_vote(relu_point(c.point), par=c.president)),
    )

    assert isinstance(cloture, Point), cloture
    point = relu_point(c.point)
    assert point.etat == Point.Etat.DECIDE
    votes = list(Vote.objects.filter(point=point))
    for resultat in (vote_a, vote_b):
        if isinstance(resultat, Vote):
            assert resultat.pk in {v.pk for v in votes}
        else:
            assert isinstance(resultat, ActionRefusee), resultat
            assert resultat.message == "Le vote sur ce point n'est pas ouvert."
    # every vote recorded is in the tally, none came after the close
    assert len(votes) == 1 + sum(isinstance(r, Vote) for r in (vote_a, vote_b))
    assert (point.pour, point.contre, point.abstentions) == (
        sum(v.choix == "pour" for v in votes),
        sum(v.choix == "contre" for v in votes),
        0,
    )
    assert all(v.horodatage <= point.clos_le for v in votes)
    assert (point.decision.votes_pour, point.decision.votes_contre) == (point.pour, point.contre)


def test_le_meme_membre_vote_deux_fois_au_meme_instant(verrou_tenu):
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    membre = c.votants[0]

    resultats = en_meme_temps(
        lambda: actions.voter(relu_point(c.point), par=membre, choix="pour"),
        lambda: actions.voter(relu_point(c.point), par=membre, choix="contre"),
    )

    assert sum(isinstance(r, Vote) for r in resultats) == 1
    refus = next(r for r in resultats if not isinstance(r, Vote))
    assert isinstance(refus, ActionRefusee) and "déjà voté" in refus.message
    assert Vote.objects.filter(point=c.point, personne=membre.personne).count() == 1


def test_tous_les_membres_votent_au_meme_instant():
    c = seance_prete(nb_membres=8)
    actions.ouvrir_vote(c.point, par=c.president)
    resultats = en_meme_temps(*[lambda u=u: actions.voter(relu_point(c.point), par=u, choix="pour") for u in c.membres])
    assert all(isinstance(r, Vote) for r in resultats), resultats
    assert Vote.objects.filter(point=c.point).count() == 8


def test_ouvrir_un_vote_pendant_que_la_seance_est_levee(verrou_tenu):
    """Two bureau members at once: either the vote opens and the séance stays open, or the séance
    is adjourned and the vote refused; never a database deadlock."""
    c = seance_prete()

    ouverture, levee = en_meme_temps(
        lambda: actions.ouvrir_vote(relu_point(c.point), par=c.president),
        lambda: actions.lever(Reunion.objects.get(pk=c.seance.pk), par=c.president),
    )

    for r in (ouverture, levee):
        assert isinstance(r, (Point, Reunion, ActionRefusee)), repr(r)
    assert sum(isinstance(r, ActionRefusee) for r in (ouverture, levee)) == 1
    s, point = Reunion.objects.get(pk=c.seance.pk), relu_point(c.point)
    if isinstance(ouverture, Point):
        assert "Un vote est encore ouvert" in levee.message
        assert s.statut == Reunion.Statut.OUVERTE and point.etat == Point.Etat.VOTE_OUVERT
    else:
        assert "n'est pas ouverte" in ouverture.message
        assert s.statut == Reunion.Statut.LEVEE and point.etat == Point.Etat.SANS_DECISION


def test_la_presidence_confirme_une_presence_pendant_que_le_membre_pointe(verrou_tenu):
    """The secretary marked a member present; the chair confirms it as the member checks in from
    their phone: the presence counts once, and neither is left with a database error."""
    c = seance_prete(presents=False)
    membre = c.votants[0]
    presence = actions.marquer_presence(c.seance, par=c.secretaire, personne=membre.personne)

    confirmation, pointage = en_meme_temps(
        lambda: actions.confirmer_presence(Presence.objects.get(pk=presence.pk), par=c.president),
        lambda: actions.pointer(Reunion.objects.get(pk=c.seance.pk), par=membre),
    )

    for r in (confirmation, pointage):
        assert isinstance(r, (Presence, ActionRefusee)), repr(r)
    assert sum(isinstance(r, ActionRefusee) for r in (confirmation, pointage)) == 1
    assert Presence.objects.filter(reunion=c.seance, personne=membre.personne, valide=True).count() == 1
