"""The frame of a decision, tried as a determined user would: a show-of-hands tally against the
named votes, a consultation électronique closed early, a plan approved without a séance. Each
attack is refused with its message and leaves the database unchanged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from creneaux.models import Reunion
from noyau.actions import ActionRefusee, Conflit
from noyau.horloge import figee
from plans.models import PlanAction
from projets.models import Decision, Statut
from seances import actions
from seances.models import DecompteMainLevee, Point, Vote
from tests.factories import PlanActionFactory, PointFactory, seance_prete
from tests.seances.test_workflow import photo, relu, tous_votent

pytestmark = pytest.mark.django_db


def test_trois_contre_nominaux_puis_trois_pour_a_main_levee_est_refuse(client):
    """Three members voted contre by name; the secretary types 3 pour; the chair closes with it."""
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    tous_votent(c, c.point, "contre", "contre", "contre")
    avant = photo(c)
    with pytest.raises(ActionRefusee, match="ont déjà voté nominativement sur ce point : les votes nominatifs font foi"):
        actions.saisir_main_levee(c.point, par=c.secretaire, pour=3, contre=0)
    with pytest.raises(ActionRefusee, match="n'a saisi aucun décompte"):
        actions.clore_vote(c.point, par=c.president, decompte=1)
    assert photo(c) == avant
    # The same through the pages, by forged POSTs.
    client.force_login(c.secretaire)
    page = client.post(
        reverse("seances:saisir_main_levee", args=[c.point.pk]), {"pour": 3, "contre": 0, "abstentions": 0}, follow=True
    )
    assert "les votes nominatifs font foi" in page.content.decode()
    client.force_login(c.president)
    page = client.post(reverse("seances:clore_vote", args=[c.point.pk]), {"main_levee": "1"}, follow=True)
    assert "Indiquez le décompte à main levée que vous confirmez." in page.content.decode()
    assert photo(c) == avant
    point = actions.clore_vote(c.point, par=c.president)
    assert (point.issue, point.pour, point.contre) == (Point.Issue.REJETEE, 0, 3)


def test_un_decompte_saisi_empeche_les_votes_nominaux_et_0_0_0_est_refuse():
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    avant = photo(c)
    with pytest.raises(ActionRefusee, match="Ce décompte ne compte aucun vote"):
        actions.saisir_main_levee(c.point, par=c.secretaire, pour=0, contre=0, abstentions=0)
    assert photo(c) == avant
    actions.saisir_main_levee(c.point, par=c.secretaire, pour=2, contre=1)
    with pytest.raises(ActionRefusee, match="le vote s'y tient à main levée"):
        actions.voter(c.point, par=c.membres[0], choix="pour")
    assert not Vote.objects.filter(point=c.point).exists()


def test_la_presidence_confirme_le_decompte_affiche_pas_un_autre():
    """Each tally is kept; the chair confirms the one shown; a stale one is a clear conflict."""
    c = seance_prete()
    actions.ouvrir_vote(c.point, par=c.president)
    premier = actions.saisir_main_levee(c.point, par=c.secretaire, pour=1, contre=2)
    second = actions.saisir_main_levee(c.point, par=c.secretaire, pour=3, contre=0)
    assert DecompteMainLevee.objects.filter(point=c.point).count() == 2  # append-only
    avant = photo(c)
    with pytest.raises(Conflit, match="Le décompte affiché n'est plus le dernier saisi"):
        actions.clore_vote(c.point, par=c.president, decompte=premier.pk)
    assert photo(c) == avant
    point = actions.clore_vote(c.point, par=c.president, decompte=second.pk)
    assert point.decompte_confirme == second and (point.pour, point.contre) == (3, 0)


def _consultation(c, votants):
    """A consultation électronique of `c`'s comité whose members `votants` vote as given."""
    Reunion.objects.filter(pk=c.seance.pk).update(
        mode=Reunion.Mode.ELECTRONIQUE, echeance=timezone.now() + datetime.timedelta(days=2)
    )
    s = relu(c.seance)
    Point.objects.filter(pk=c.point.pk).update(etat=Point.Etat.VOTE_OUVERT, proposition="adopter", vote_ouvert_le=timezone.now())
    for user, choix in votants:
        actions.voter(c.point, par=user, choix=choix)
    return s


def test_la_presidence_ne_clot_pas_une_consultation_avant_son_echeance():
    """2 pour, 1 contre, two days before the deadline: the chair cannot close it."""
    c = seance_prete()
    _consultation(c, [(c.membres[0], "pour"), (c.membres[1], "pour"), (c.membres[2], "contre")])
    avant = photo(c)
    with pytest.raises(ActionRefusee, match="Une consultation électronique se clôt d'elle-même à son échéance"):
        actions.clore_vote(c.point, par=c.president)
    assert actions.clore_consultation(relu(c.seance)).statut == Reunion.Statut.OUVERTE  # not due yet
    assert photo(c) == avant
    with figee(timezone.now() + datetime.timedelta(days=3)):
        s = actions.clore_consultation(relu(c.seance))
    point = relu(c.point)
    assert s.statut == Reunion.Statut.LEVEE and point.etat == Point.Etat.SANS_DECISION and point.clos_par_systeme
    assert relu(c.projet).statut == Statut.COMITE_CRENEAU
    assert not Decision.objects.filter(projet=c.projet, etape=Decision.Etape.RESOLUTION).exists()


def test_aucune_page_n_approuve_un_plan_directement(client):
    c = seance_prete()
    plan = PlanActionFactory(creneau=c.creneau)
    client.force_login(c.coordination)
    reponse = client.post(f"/plans/{plan.pk}/approuver/", {"comite": c.comite.pk, "adopte_le": "2001-01-01"})
    assert reponse.status_code == 404
    assert PlanAction.objects.get(pk=plan.pk).statut == PlanAction.Statut.PREPARATION


def test_le_plan_s_adopte_en_seance_avec_un_numero_de_resolution():
    c = seance_prete()
    plan = PlanActionFactory(creneau=c.creneau)
    point = PointFactory(seance=c.seance, type=Point.Type.PLAN, projet=None, plan=plan, titre="Plan", ordre=9)
    actions.ouvrir_vote(point, par=c.president)
    tous_votent(c, point, "pour", "pour", "contre")
    point = actions.clore_vote(point, par=c.president)
    plan = PlanAction.objects.get(pk=plan.pk)
    assert plan.approuve and plan.adopte_par == c.comite and plan.adopte_seance_id == c.seance.pk
    assert plan.adopte_resolution == point.numero_resolution != ""
