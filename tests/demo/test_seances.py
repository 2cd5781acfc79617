"""Demo séances: every comité decision of the demo was made at a séance held through the verbs;
each comité de créneau and comité régional has past séances with an approved procès-verbal and one
upcoming convened séance whose agenda is what waits for it, where a member can vote."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

import demo.creneaux
import demo.projets
import demo.seances
from creneaux.models import Comite, Creneau, Mandat, Presence, Reunion
from noyau import horloge
from noyau.actions import ActionRefusee
from noyau.permissions import verifier
from projets.models import Decision, Projet, Repartition, Statut
from seances import actions
from seances.models import Point
from tests.factories import CreneauFactory, region

pytestmark = pytest.mark.django_db

User = get_user_model()
A_TENIR = (Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE, Reunion.Statut.OUVERTE)


@pytest.fixture
def creneaux():
    return [
        CreneauFactory(nom="Meuble", slug="meuble-centre-du-quebec", region_porteuse=region("17")),
        CreneauFactory(nom="Techno-mines souterraines", slug="techno-mines", region_porteuse=region("08")),
    ]


def charger():
    demo.projets.charger()
    demo.seances.charger()


def comites_de(creneaux):
    return Comite.objects.filter(type=Comite.Type.CRENEAU, creneau__in=creneaux) | Comite.objects.filter(
        type=Comite.Type.REGIONAL, region__in=[c.region_porteuse for c in creneaux]
    )


def test_chaque_comite_a_des_seances_passees_avec_pv_et_une_seance_convoquee_a_venir(creneaux):
    charger()
    maintenant = timezone.now()
    for comite in comites_de(creneaux):
        passees = comite.reunions.filter(date__lt=maintenant).exclude(statut__in=A_TENIR)
        assert passees.exists(), comite
        # Every past séance was held and its procès-verbal approved by présidence and secrétariat.
        assert set(passees.values_list("statut", flat=True)) == {Reunion.Statut.PV_APPROUVE}, comite
        for s in passees:
            # Approved; the PDF itself is rendered at its first download (seances.pv.pv_a_la_demande).
            assert s.pv_president_par_id and s.pv_secretaire_par_id and s.pv_president_par != s.pv_secretaire_par
            assert s.convoquee_le < s.date <= s.ouverte_le < s.levee_le < s.pv_president_le < s.pv_secretaire_le < maintenant
        a_venir = comite.reunions.filter(statut__in=A_TENIR)
        assert a_venir.count() == 1, comite
        prochaine = a_venir.get()
        assert prochaine.statut == Reunion.Statut.CONVOQUEE
        if comite.creneau_id and comite.creneau.slug == demo.seances.VITRINE:
            assert prochaine.date <= maintenant  # held at the time of loading: a newcomer opens it and votes
        else:
            assert prochaine.date > maintenant
        assert prochaine.date.date() - maintenant.date() <= datetime.timedelta(days=7)
        types = list(prochaine.points.values_list("type", flat=True))
        attendu = Statut.COMITE_REGIONAL if comite.type == Comite.Type.REGIONAL else Statut.COMITE_CRENEAU
        en_attente = Projet.objects.filter(statut=attendu, creneau__in=creneaux)
        en_attente = en_attente.filter(
            **({"creneau__region_porteuse": comite.region} if comite.region_id else {"creneau": comite.creneau})
        )
        assert set(prochaine.points.exclude(projet=None).values_list("projet", flat=True)) == set(
            en_attente.values_list("pk", flat=True)
        )
        assert en_attente.exists() and Point.Type.LIBRE in types
        assert (Point.Type.REPARTITION in types) == (comite.type == Comite.Type.REGIONAL)


def test_chaque_decision_d_un_comite_vient_d_un_point_vote_en_seance(creneaux):
    charger()
    decisions = Decision.objects.filter(etape__in=[Decision.Etape.RESOLUTION, Decision.Etape.COMITE_REGIONAL])
    assert decisions.count() == 2 * 15  # per créneau: 9 résolutions, 6 décisions du comité régional
    for d in decisions.select_related("reunion", "projet", "point"):
        point = d.point
        assert point.seance == d.reunion and point.projet == d.projet and point.etat == Point.Etat.DECIDE
        assert point.numero_resolution == d.numero_resolution and d.numero_resolution
        assert (point.pour, point.contre, point.abstentions) == (d.votes_pour, d.votes_contre, d.abstentions)
        # The présidence closed the vote; nobody linked to the project decided.
        assert point.confirme_par == d.auteur and d.auteur_id not in d.projet.utilisateurs_lies()
        assert d.reunion.date < d.horodatage
        assert d.reunion.presences.filter(valide=True).count() >= d.reunion.quorum().requis
    # Marked presences were confirmed by someone else than who marked them.
    marquees = Presence.objects.exclude(inscrite_par__personne=F("personne"))
    assert marquees.exists() and not marquees.filter(confirmee_par=None).exists()
    assert not marquees.filter(confirmee_par=F("inscrite_par")).exists()
    # Like real meetings, a séance decides several items, and numbers follow each other.
    assert Point.objects.filter(etat=Point.Etat.DECIDE).values("seance").distinct().count() < decisions.count()
    # The comité régional adopted its envelope's répartition at its first séance of the exercice.
    assert Repartition.objects.filter(reunion__comite__type=Comite.Type.REGIONAL, point__isnull=False).count() == 2


def test_relancer_la_demo_ne_cree_aucune_seance(creneaux):
    charger()
    compter = lambda: (Reunion.objects.count(), Point.objects.count(), Presence.objects.count(), Decision.objects.count())  # noqa: E731
    avant = compter()
    charger()
    assert compter() == avant


@pytest.fixture
def meuble(monkeypatch):
    """The demo directory, then the projects and séances of « Meuble – Centre-du-Québec » only."""
    demo.creneaux.charger()
    seul = lambda: demo.creneaux.creneaux_de_demo().filter(slug="meuble-centre-du-quebec")  # noqa: E731
    monkeypatch.setattr(demo.projets, "creneaux_de_demo", seul)
    monkeypatch.setattr(demo.seances, "creneaux_de_demo", seul)
    charger()
    return Creneau.objects.get(slug="meuble-centre-du-quebec")


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
