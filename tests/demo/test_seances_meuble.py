"""The demo's « Meuble – Centre-du-Québec » séances: its accounts sit on their comités, and a demo member
votes at the next convened séance once the chair opens it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

import demo.creneaux
import demo.projets
import demo.seances
from creneaux.models import Comite, Creneau, Mandat, Reunion
from noyau import horloge
from noyau.actions import ActionRefusee
from noyau.permissions import verifier
from projets.models import Projet, Statut
from seances import actions
from seances.models import Point
from tests.demo_partagee import donnees_du_module

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(scope="module")
def meuble(django_db_setup, django_db_blocker):
    """The demo directory, then the projects and séances of « Meuble – Centre-du-Québec » only,
    loaded once for the module's tests."""

    def charger_meuble():
        demo.creneaux.charger()
        seul = lambda: demo.creneaux.creneaux_de_demo().filter(slug="meuble-centre-du-quebec")  # noqa: E731
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(demo.projets, "creneaux_de_demo", seul)
            patch.setattr(demo.seances, "creneaux_de_demo", seul)
            demo.projets.charger()
            demo.seances.charger()
        return Creneau.objects.get(slug="meuble-centre-du-quebec")

    with donnees_du_module(django_db_blocker, charger_meuble) as creneau:
        yield creneau


def test_un_membre_de_demo_vote_a_la_prochaine_seance_une_fois_ouverte(meuble):
    presidence, secretariat, membre = (User.objects.get(username=u) for u in ("presidence.creneau", "comite.creneau", "membre"))
    comite = Comite.objects.get(type=Comite.Type.CRENEAU, creneau=meuble)
    roles = {u.username: Mandat.objects.get(comite=comite, personne__user=u).role for u in (presidence, secretariat, membre)}
    assert roles == {"presidence.creneau": "president", "comite.creneau": "secretaire", "membre": "membre"}
    s = comite.reunions.get(statut=Reunion.Statut.CONVOQUEE)
    point = s.points.get(type=Point.Type.PROJET)
    assert point.projet.statut == Statut.COMITE_CRENEAU
    assert verifier("seances.voir", membre, s).ok
    assert not verifier("seances.sieger", membre, s).ok  # not open yet
    with horloge.figee(max(s.date, timezone.now()) + datetime.timedelta(minutes=1)):
        s = actions.ouvrir(s, par=presidence)
        for user in (presidence, secretariat, membre):
            actions.pointer(s, par=user)
        # Two members in the room: marked by the secrétariat, confirmed by the présidence (quorum 5).
        sans_compte = Mandat.objects.actifs().votants().filter(comite=comite, personne__user=None).order_by("pk")[:2]
        for m in sans_compte:
            actions.confirmer_presence(actions.marquer_presence(s, par=secretariat, personne=m.personne), par=presidence)
        assert s.quorum().atteint
        actions.ouvrir_vote(point, par=presidence)
        actions.voter(point, par=membre, choix="pour")
        actions.voter(point, par=secretariat, choix="pour")
        point = actions.clore_vote(point, par=presidence)
    assert point.etat == Point.Etat.DECIDE and point.issue == Point.Issue.ADOPTEE
    assert point.decision.reunion == s and Projet.objects.get(pk=point.projet_id).statut == Statut.COMITE_REGIONAL
    assert list(point.votes.values_list("personne__user__username", flat=True).order_by("personne__user__username")) == [
        "comite.creneau",
        "membre",
    ]

    # The README's walk on to the comité régional: its convened séance was convened before this
    # résolution, so its secrétariat plans one a few minutes ahead with the project, and convenes it.
    regional = Comite.objects.get(type=Comite.Type.REGIONAL, region__code="17")
    chair, secretaire, membre_r = (
        User.objects.get(username=u) for u in ("comite.regional", "secretariat.regional", "membre.regional")
    )
    projet = Projet.objects.get(pk=point.projet_id)
    with horloge.figee(max(s.date, timezone.now()) + datetime.timedelta(minutes=2)):
        convoquee = regional.reunions.get(statut=Reunion.Statut.CONVOQUEE)
        with pytest.raises(ActionRefusee, match="après la convocation"):
            actions.ajouter_point(convoquee, par=secretaire, type=Point.Type.PROJET, projet=projet)
        nouvelle = actions.planifier(
            regional,
            par=secretaire,
            date=horloge.maintenant() + datetime.timedelta(minutes=10),
            mode=Reunion.Mode.PRESENCE,
            lieu="Drummondville",
        )
        point_r = actions.ajouter_point(nouvelle, par=secretaire, type=Point.Type.PROJET, projet=projet)
        actions.convoquer(nouvelle, par=secretaire)
    with horloge.figee(nouvelle.date + datetime.timedelta(minutes=1)):
        nouvelle = actions.ouvrir(nouvelle, par=chair)
        for user in (chair, secretaire, membre_r):
            actions.pointer(nouvelle, par=user)
        assert nouvelle.quorum().atteint  # 3 of its 5 voting members, as the README says
        actions.ouvrir_vote(point_r, par=chair)
        for user in (chair, secretaire, membre_r):
            actions.voter(point_r, par=user, choix="pour")
        point_r = actions.clore_vote(point_r, par=chair)
    assert point_r.issue == Point.Issue.ADOPTEE and Projet.objects.get(pk=projet.pk).statut == Statut.MINISTERE


def test_le_comite_regional_du_centre_a_ses_comptes_de_demo(meuble):
    comite = Comite.objects.get(type=Comite.Type.REGIONAL, region__code="17")
    mandats = Mandat.objects.filter(comite=comite, personne__user__isnull=False)
    roles = dict(mandats.values_list("personne__user__username", "role"))
    assert roles["comite.regional"] == "president" and roles["secretariat.regional"] == "secretaire"
    assert roles["membre.regional"] == "membre"
    prochaine = comite.reunions.get(statut=Reunion.Statut.CONVOQUEE)
    assert prochaine.points.filter(type=Point.Type.REPARTITION).exists()
    assert verifier("seances.voir", User.objects.get(username="membre.regional"), prochaine).ok
