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
from creneaux.models import Comite, Presence, Reunion
from projets.models import Decision, Projet, Repartition, Statut
from seances.models import Point
from tests.demo import deux_creneaux
from tests.demo_partagee import donnees_du_module

pytestmark = pytest.mark.django_db

User = get_user_model()
A_TENIR = (Reunion.Statut.PLANIFIEE, Reunion.Statut.CONVOQUEE, Reunion.Statut.OUVERTE)


def charger():
    demo.projets.charger()
    demo.seances.charger()


@pytest.fixture(scope="module")
def creneaux(django_db_setup, django_db_blocker):
    """Two créneaux with the demo projects and séances, loaded once for the module's tests."""

    def creer_et_charger():
        creneaux = deux_creneaux()
        charger()
        return creneaux

    with donnees_du_module(django_db_blocker, creer_et_charger) as creneaux:
        yield creneaux


def comites_de(creneaux):
    return Comite.objects.filter(type=Comite.Type.CRENEAU, creneau__in=creneaux) | Comite.objects.filter(
        type=Comite.Type.REGIONAL, region__in=[c.region_porteuse for c in creneaux]
    )


def test_chaque_comite_a_des_seances_passees_avec_pv_et_une_seance_convoquee_a_venir(creneaux):
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
    compter = lambda: (Reunion.objects.count(), Point.objects.count(), Presence.objects.count(), Decision.objects.count())  # noqa: E731
    avant = compter()
    charger()
    assert compter() == avant
