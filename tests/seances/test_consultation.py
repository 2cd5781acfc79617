"""Consultation électronique (docs/seances.md): the same items and votes, open until a deadline, closed
by the scheduled job with the règlement's rule (unanimity or majority of the voting members not
in conflict); an item that fails the rule stays without decision and its project before the
comité; one reminder, the last day, only to those who have not voted; no vote after the deadline."""

import datetime

import pytest
from django.utils import timezone

from accord.celery import app
from creneaux.models import ReglesConsultation, Reunion
from noyau.actions import ActionRefusee
from noyau.horloge import figee
from projets import actions as projets
from projets.models import Statut
from seances import actions, tasks
from seances.models import Point
from tests.factories import circuit, reglement_de

pytestmark = pytest.mark.django_db

DEBUT = timezone.now().replace(microsecond=0) - datetime.timedelta(days=6)
OUVERTURE = DEBUT + datetime.timedelta(hours=1)
ECHEANCE = DEBUT + datetime.timedelta(days=3)


def _a(moment, **delta):
    return figee(moment + datetime.timedelta(**delta))


class Consultation:
    """A comité de créneau of five voting members (chair, secretary, three members) consulted
    electronically on `nb` projects submitted before the convocation."""

    def __init__(self, regle=ReglesConsultation.MAJORITE, nb=2):
        c = circuit()
        reglement_de(c.comite_creneau, consultation_electronique=regle)
        self.c = c
        self.comite = c.comite_creneau
        self.secretaire = c.secretaire
        self.president = self.comite.mandats.get(role="president").personne.user
        self.membres = [self.president, self.secretaire, *(p.user for p in c.membres_creneau[2:])]
        with _a(DEBUT, minutes=-30):
            self.projets = [projets.soumettre(c.projet(), par=c.coordination).projet for _ in range(nb)]
        with figee(DEBUT):
            s = actions.planifier(
                self.comite, par=self.secretaire, date=OUVERTURE, mode=Reunion.Mode.ELECTRONIQUE, echeance=ECHEANCE
            )
            self.points = [actions.ajouter_point(s, par=self.secretaire, type="projet", projet=p) for p in self.projets]
            actions.convoquer(s, par=self.secretaire)
        with _a(OUVERTURE, minutes=1):
            self.seance = actions.ouvrir(s, par=self.president)

    def voter(self, point, *choix, moment=None):
        """Each of `choix` ("pour"/"contre"/"abstention") is the vote of the next member."""
        with figee(moment or OUVERTURE + datetime.timedelta(hours=2)):
            for user, c in zip(self.membres, choix, strict=False):
                actions.voter(point, par=user, choix=c)

    def relire(self):
        self.seance.refresh_from_db()
        for x in (*self.points, *self.projets):
            x.refresh_from_db()
        return self


def test_la_consultation_ouvre_le_vote_de_chaque_point_jusqu_a_son_echeance():
    k = Consultation()
    assert k.seance.statut == Reunion.Statut.OUVERTE
    assert [p.etat for p in k.relire().points] == [Point.Etat.VOTE_OUVERT] * 2
    # A member votes from their browser without checking in: taking part is their presence.
    k.voter(k.points[0], "pour")
    assert k.seance.presences.filter(personne=k.president.personne, valide=True).exists()


def test_une_presence_marquee_par_le_secretariat_compte_une_fois_que_le_membre_vote_lui_meme():
    k = Consultation()
    membre = k.membres[2].personne
    with _a(OUVERTURE, hours=1):
        actions.marquer_presence(k.seance, par=k.secretaire, personne=membre)
    assert not k.seance.presences.get(personne=membre).valide
    k.voter(k.points[0], "pour", "pour", "contre")
    presence = k.seance.presences.get(personne=membre)
    assert presence.valide and presence.inscrite_par == k.membres[2]
    assert k.points[0].votes.filter(personne=membre, choix="contre").count() == 1


def test_a_la_majorite_un_point_est_adopte_par_la_majorite_des_membres_votants():
    k = Consultation(ReglesConsultation.MAJORITE)
    adopte, court = k.points
    k.voter(adopte, "pour", "pour", "pour", "contre")  # 3 of 5 voting members
    k.voter(court, "pour", "pour", "contre", "abstention", "abstention")  # 2 of 5: not a majority
    with _a(ECHEANCE, minutes=3):
        assert tasks.clore_consultations() == [k.seance.pk]
    k.relire()
    assert k.seance.statut == Reunion.Statut.LEVEE
    assert (adopte.etat, adopte.issue, adopte.pour, adopte.contre) == (Point.Etat.DECIDE, Point.Issue.ADOPTEE, 3, 1)
    assert adopte.numero_resolution and adopte.decision.numero_resolution == adopte.numero_resolution
    assert adopte.decision.reunion == k.seance and adopte.decision.votes_pour == 3
    assert k.projets[0].statut == Statut.COMITE_REGIONAL
    # The item that fails the rule: without decision, its project still before the comité.
    assert (court.etat, court.decision, court.pour, court.contre, court.abstentions) == (Point.Etat.SANS_DECISION, None, 2, 1, 2)
    assert k.projets[1].statut == Statut.COMITE_CRENEAU
    assert not k.projets[1].decisions.filter(etape="resolution").exists()
    # …so a next séance can take it up.
    with figee(ECHEANCE + datetime.timedelta(hours=1)):
        suivante = actions.planifier(k.comite, par=k.secretaire, date=ECHEANCE + datetime.timedelta(days=2), lieu="Québec")
        assert actions.ajouter_point(suivante, par=k.secretaire, type="projet", projet=k.projets[1]).projet == k.projets[1]


def test_a_l_unanimite_il_faut_tous_les_membres_votants_hors_conflit():
    k = Consultation(ReglesConsultation.UNANIMITE, nb=3)
    unanime, presque, avec_conflit = k.points
    # The last member works for the third project's porteur: in conflict, they do not count.
    en_conflit = k.membres[-1].personne
    with _a(OUVERTURE, hours=1):
        actions.declarer_conflit(avec_conflit, par=k.membres[-1], note="Administrateur du porteur.")
    assert avec_conflit.conflits.filter(personne=en_conflit).exists()
    k.voter(unanime, "pour", "pour", "pour", "pour", "pour")
    k.voter(presque, "pour", "pour", "pour", "pour", "abstention")
    with _a(OUVERTURE, hours=3), pytest.raises(ActionRefusee, match="conflit d'intérêts"):
        actions.voter(avec_conflit, par=k.membres[-1], choix="pour")
    k.voter(avec_conflit, "pour", "pour", "pour", "pour")
    with _a(ECHEANCE, minutes=1):
        tasks.clore_consultations()
    k.relire()
    assert [p.etat for p in k.points] == [Point.Etat.DECIDE, Point.Etat.SANS_DECISION, Point.Etat.DECIDE]
    assert [p.statut for p in k.projets] == [Statut.COMITE_REGIONAL, Statut.COMITE_CRENEAU, Statut.COMITE_REGIONAL]
    numeros = [p.numero_resolution for p in k.points]
    assert numeros[0] and numeros[2] and numeros[0] != numeros[2] and numeros[1] == ""


def test_rien_ne_se_clot_avant_l_echeance():
    k = Consultation()
    k.voter(k.points[0], "pour", "pour", "pour", "pour", "pour")
    with _a(ECHEANCE, minutes=-1):
        assert tasks.clore_consultations() == []
    k.relire()
    assert k.seance.statut == Reunion.Statut.OUVERTE and k.points[0].etat == Point.Etat.VOTE_OUVERT
    assert k.projets[0].statut == Statut.COMITE_CRENEAU
    with _a(ECHEANCE, minutes=6):  # the next run of the job closes it, once
        assert tasks.clore_consultations() == [k.seance.pk]
        assert tasks.clore_consultations() == []
    assert k.relire().points[0].etat == Point.Etat.DECIDE


def test_voter_apres_l_echeance_est_refuse_meme_avant_la_cloture():
    k = Consultation()
    with pytest.raises(ActionRefusee, match="L'échéance de la consultation est passée"):
        k.voter(k.points[0], "pour", moment=ECHEANCE + datetime.timedelta(minutes=1))
    assert not k.points[0].votes.exists()
    with _a(ECHEANCE, minutes=2):
        tasks.clore_consultations()
    with pytest.raises(ActionRefusee, match="La séance n'est pas ouverte"):
        k.voter(k.points[0], "pour", moment=ECHEANCE + datetime.timedelta(minutes=3))
    assert not k.points[0].votes.exists()
    assert k.relire().points[0].etat == Point.Etat.SANS_DECISION


def test_un_rappel_la_derniere_journee_a_ceux_qui_n_ont_pas_vote_et_une_seule_fois(
    mailoutbox, django_capture_on_commit_callbacks
):
    k = Consultation()
    president, secretaire, m1, m2, m3 = k.membres
    premier, second = k.points
    k.voter(premier, "pour", "pour", "pour", "pour")  # m3 has not voted on the first item
    k.voter(second, "pour", "contre")  # only the chair and the secretary voted on the second
    with _a(ECHEANCE, hours=-30), django_capture_on_commit_callbacks(execute=True):
        assert tasks.rappeler_consultations() == {}  # not yet the last day
    assert mailoutbox == []
    with _a(ECHEANCE, hours=-20), django_capture_on_commit_callbacks(execute=True):
        assert tasks.rappeler_consultations() == {k.seance.pk: 3}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in (m1, m2, m3))
    corps = mailoutbox[0].body
    assert "vous n'avez pas encore voté" in corps and k.seance.get_absolute_url() in corps
    assert premier.titre in corps and f"/rapports/projets/{k.projets[0].pk}/dossier.pdf" in corps
    with _a(ECHEANCE, hours=-2), django_capture_on_commit_callbacks(execute=True):
        assert tasks.rappeler_consultations() == {}  # once only
    assert len(mailoutbox) == 3


def test_un_membre_en_conflit_n_est_pas_rappele_pour_le_point_qu_il_ne_vote_pas(mailoutbox, django_capture_on_commit_callbacks):
    k = Consultation(nb=1)
    president, secretaire, m1, m2, m3 = k.membres
    with _a(OUVERTURE, hours=1):
        actions.declarer_conflit(k.points[0], par=m3, note="Conjoint chez le porteur.")
    k.voter(k.points[0], "pour", "pour", "pour")
    with _a(ECHEANCE, hours=-3), django_capture_on_commit_callbacks(execute=True):
        assert tasks.rappeler_consultations() == {k.seance.pk: 1}
    assert [m.to for m in mailoutbox] == [[m2.email]]


def test_les_deux_travaux_sont_au_calendrier():
    taches = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert taches["seances.tasks.clore_consultations"].minute == set(range(0, 60, 5))
    assert taches["seances.tasks.rappeler_consultations"].minute == {15}
    assert "seances.tasks.clore_consultations" in app.tasks and "seances.tasks.rappeler_consultations" in app.tasks
