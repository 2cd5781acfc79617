"""The coordination's « À traiter » says when its bilan is due, or since when it is late."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bilans import actions
from bilans.a_traiter import taches_bilans
from creneaux.roles import roles_de
from noyau import horloge
from tests.bilans.conftest import EXERCICE, pret_a_soumettre

MONTREAL = ZoneInfo("America/Montreal")


def le(annee, mois, jour):
    return datetime.datetime(annee, mois, jour, 10, tzinfo=MONTREAL)


@pytest.fixture
def bilan(monde):
    with horloge.figee(le(EXERCICE + 1, 4, 20)):
        return actions.ouvrir(monde.creneau, par=monde.coordination, exercice=EXERCICE)


def quoi(user):
    return [t.quoi for t in taches_bilans(user)]


def test_avant_l_echeance_la_date_limite(monde, bilan):
    with horloge.figee(le(EXERCICE + 1, 5, 2)):
        assert quoi(monde.coordination) == ["Compléter et soumettre le bilan annuel · à déposer avant le 30 juin 2026"]
    with horloge.figee(le(EXERCICE + 1, 6, 30)):  # the due date itself is still on time
        assert quoi(monde.coordination) == ["Compléter et soumettre le bilan annuel · à déposer avant le 30 juin 2026"]


def test_apres_l_echeance_le_retard(monde, bilan):
    with horloge.figee(le(EXERCICE + 1, 7, 1)):
        assert quoi(monde.coordination) == ["Compléter et soumettre le bilan annuel · en retard depuis le 30 juin 2026 (1 jour)"]
    with horloge.figee(le(EXERCICE + 1, 7, 15)):
        assert quoi(monde.coordination) == [
            "Compléter et soumettre le bilan annuel · en retard depuis le 30 juin 2026 (15 jours)"
        ]


def test_un_bilan_deja_depose_puis_renvoye_n_est_plus_en_retard(monde, bilan):
    with horloge.figee(le(EXERCICE + 1, 6, 1)):
        actions.soumettre(pret_a_soumettre(bilan, monde.coordination), par=monde.coordination)
        assert quoi(monde.dr) == ["Accepter le bilan annuel ou le renvoyer pour révision"]  # no due date for the DR
        actions.renvoyer(bilan, par=monde.dr, commentaire="Précisez les formations.")
    with horloge.figee(le(EXERCICE + 1, 8, 1)):
        assert quoi(monde.coordination) == ["Réviser le bilan annuel renvoyé par la direction régionale"]


@pytest.mark.parametrize("qui", ["membre", "central", "dr_autre_region", "coordination_autre", "sans_role"])
def test_personne_d_autre_n_a_la_tache(monde, bilan, qui):
    assert taches_bilans(getattr(monde, qui)) == []


def test_l_accueil_montre_le_retard(client, monde, bilan):
    client.force_login(monde.coordination)
    page = client.get(reverse("portail:accueil")).content.decode()  # the suite runs after the due date
    assert "en retard depuis le 30 juin 2026" in page
    client.force_login(monde.membre)
    assert "en retard depuis" not in client.get(reverse("portail:accueil")).content.decode()


@pytest.mark.parametrize("n", [1, 12])
def test_taches_en_une_requete(monde, n, django_assert_num_queries):
    from tests.factories import CoordinationFactory, CreneauFactory

    for i in range(n):
        creneau = CreneauFactory(nom=f"Créneau {i}", slug=f"creneau-{i}", region_porteuse=monde.creneau.region_porteuse)
        CoordinationFactory(creneau=creneau, personne=monde.coordination.personne)
        monde.coordination._accord_roles = None  # roles are cached on the user: read them anew
        actions.ouvrir(creneau, par=monde.coordination, exercice=EXERCICE)
    roles_de(monde.coordination)
    with django_assert_num_queries(1):  # the roles are read once per request, before
        assert len(taches_bilans(monde.coordination)) == n
