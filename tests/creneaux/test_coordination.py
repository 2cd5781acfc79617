"""The coordination of a créneau is appointed and ended in the portal by the Ministère (the
direction régionale of its region, or the central office), with its employer; never by the
coordination itself, a comité or another region's DR. Each act is kept in the history."""

import datetime

import pytest
from django.urls import reverse

from creneaux import actions
from creneaux.models import Coordination, Mandat
from noyau.actions import ActionRefusee
from noyau.horloge import aujourdhui
from noyau.permissions import verifier
from tests.factories import CoordinationFactory, MandatFactory, OrganisationFactory, PersonneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recrue(creneau):
    return PersonneFactory(prenom="Rosalie", nom="Tremblay")


@pytest.fixture
def employeur(db):
    return OrganisationFactory(nom="Créneau Meuble inc.", type="obnl")


def _nommer(creneau, par, personne, employeur, **kwargs):
    return actions.nommer_coordination(
        creneau, par=par, personne=personne, employeur=employeur, **{"debut": aujourdhui(), **kwargs}
    )


def test_la_dr_de_la_region_nomme_la_coordination_avec_son_employeur_et_l_historique_le_garde(
    creneau, dr_centre, recrue, employeur
):
    co = _nommer(creneau, dr_centre, recrue, employeur)
    assert (co.creneau, co.personne, co.employeur, co.debut, co.fin) == (creneau, recrue, employeur, aujourdhui(), None)
    ligne = co.history.get()
    assert ligne.history_user == dr_centre and "nommée par le Ministère" in ligne.history_change_reason


def test_le_bureau_central_nomme_aussi(creneau, central, recrue, employeur):
    assert _nommer(creneau, central, recrue, employeur).pk


@pytest.mark.parametrize(
    "qui, raison",
    [
        ("coordination", "ne se nomme ni ne se termine elle-même"),
        ("dr_autre", "nommée et terminée par le Ministère"),
        ("secretaire", "nommée et terminée par le Ministère"),
        ("sans_role", "nommée et terminée par le Ministère"),
    ],
)
def test_ni_la_coordination_ni_un_comite_ni_la_dr_d_une_autre_region_ne_nomment(request, creneau, recrue, employeur, qui, raison):
    par = request.getfixturevalue(qui)
    avant = Coordination.objects.count()
    with pytest.raises(ActionRefusee) as refus:
        _nommer(creneau, par, recrue, employeur)
    assert raison in refus.value.message
    assert Coordination.objects.count() == avant


def test_une_seule_coordination_a_la_fois(creneau, dr_centre, recrue, employeur):
    actuelle = CoordinationFactory(creneau=creneau)
    with pytest.raises(ActionRefusee) as refus:
        _nommer(creneau, dr_centre, recrue, employeur)
    assert "déjà une coordination à cette date" in refus.value.message and refus.value.champ == "debut"
    # Ended at the end of the month, the next one starts the day after.
    fin = aujourdhui() + datetime.timedelta(days=20)
    actions.terminer_coordination(actuelle, par=dr_centre, fin=fin, motif="Départ à la retraite")
    with pytest.raises(ActionRefusee, match="déjà une coordination à cette date"):
        _nommer(creneau, dr_centre, recrue, employeur, debut=fin)
    suivante = _nommer(creneau, dr_centre, recrue, employeur, debut=fin + datetime.timedelta(days=1))
    assert suivante.debut == fin + datetime.timedelta(days=1)


def test_un_debut_anterieur_demande_un_motif(creneau, dr_centre, recrue, employeur):
    hier = aujourdhui() - datetime.timedelta(days=30)
    with pytest.raises(ActionRefusee) as refus:
        _nommer(creneau, dr_centre, recrue, employeur, debut=hier)
    assert refus.value.champ == "motif" and "avec un motif" in refus.value.message
    co = _nommer(creneau, dr_centre, recrue, employeur, debut=hier, motif="Reprise du dossier papier")
    assert "Reprise du dossier papier" in co.history.get().history_change_reason


def test_un_membre_votant_du_comite_n_est_pas_nomme_coordination(comite, dr_centre, employeur):
    votant = MandatFactory(comite=comite, role=Mandat.Role.MEMBRE).personne
    with pytest.raises(ActionRefusee) as refus:
        _nommer(comite.creneau, dr_centre, votant, employeur)
    assert "droit de vote" in refus.value.message and refus.value.champ == "personne"


def test_la_dr_termine_la_coordination_avec_un_motif_jamais_dans_le_passe(creneau, dr_centre):
    co = CoordinationFactory(creneau=creneau)
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_coordination(co, par=dr_centre, fin=aujourdhui() - datetime.timedelta(days=1), motif="Départ")
    assert "dans le passé" in refus.value.message
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_coordination(co, par=dr_centre, fin=aujourdhui(), motif="  ")
    assert refus.value.champ == "motif"
    actions.terminer_coordination(co, par=dr_centre, fin=aujourdhui(), motif="Fin du contrat")
    co.refresh_from_db()
    assert co.fin == aujourdhui()
    assert co.history.latest().history_change_reason == "Fin de la coordination : Fin du contrat"
    # An ended coordination is not re-extended: a new one is appointed.
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_coordination(co, par=dr_centre, fin=datetime.date(2099, 12, 31), motif="Prolongation")
    assert "se termine déjà" in refus.value.message
    co.refresh_from_db()
    assert co.fin == aujourdhui()


def test_la_coordination_ne_termine_pas_la_sienne(creneau, coordination):
    co = Coordination.objects.get(personne__user=coordination)
    with pytest.raises(ActionRefusee) as refus:
        actions.terminer_coordination(co, par=coordination, fin=aujourdhui(), motif="Je pars")
    assert "ne se nomme ni ne se termine elle-même" in refus.value.message
    co.refresh_from_db()
    assert co.fin is None


# --- Pages -------------------------------------------------------------------------------------


def test_la_dr_nomme_depuis_la_fiche_du_creneau(client, creneau, dr_centre, recrue, employeur, django_assert_max_num_queries):
    client.force_login(dr_centre)
    fiche = client.get(creneau.get_absolute_url()).content.decode().replace("&#x27;", "'")
    url = reverse("creneaux:coordination", args=[creneau.slug])
    assert url in fiche
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200 and "Nommer une coordination" in page.content.decode().replace("&#x27;", "'")
    reponse = client.post(url, {"personne": recrue.pk, "employeur": employeur.pk, "debut": aujourdhui().isoformat()})
    assert reponse.status_code == 302
    co = Coordination.objects.get(creneau=creneau)
    assert co.personne == recrue and co.employeur == employeur
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert "Coordination nommée par le Ministère" in page and "Terminer la coordination de Rosalie Tremblay" in page
    with django_assert_max_num_queries(15):
        client.get(url)


def test_la_dr_termine_depuis_la_page_et_un_refus_s_affiche_a_cote_du_champ(client, creneau, dr_centre):
    co = CoordinationFactory(creneau=creneau)
    client.force_login(dr_centre)
    url = reverse("creneaux:coordination_terminer", args=[co.pk])
    hier = (aujourdhui() - datetime.timedelta(days=1)).isoformat()
    page = client.post(url, {"fin-fin": hier, "fin-motif": "Départ"})
    assert page.status_code == 200 and "dans le passé" in page.content.decode().replace("&#x27;", "'")
    co.refresh_from_db()
    assert co.fin is None
    assert client.post(url, {"fin-fin": aujourdhui().isoformat(), "fin-motif": "Départ"}).status_code == 302
    co.refresh_from_db()
    assert co.fin == aujourdhui()


def test_les_autres_ne_voient_pas_le_bouton_et_recoivent_403(client, creneau, coordination, dr_autre, secretaire):
    url = reverse("creneaux:coordination", args=[creneau.slug])
    co = Coordination.objects.get(creneau=creneau)
    for qui in (coordination, dr_autre, secretaire):
        client.force_login(qui)
        assert url not in client.get(creneau.get_absolute_url()).content.decode().replace("&#x27;", "'")
        assert client.get(url).status_code == 403
        reponse = client.post(
            reverse("creneaux:coordination_terminer", args=[co.pk]), {"fin-fin": "2030-01-01", "fin-motif": "x"}
        )
        assert reponse.status_code == 403
        assert "nommée et terminée par le Ministère" in reponse.content.decode().replace(
            "&#x27;", "'"
        ) or "elle-même" in reponse.content.decode().replace("&#x27;", "'")
    co.refresh_from_db()
    assert co.fin is None


def test_un_anonyme_est_envoye_a_la_connexion(client, creneau):
    reponse = client.post(reverse("creneaux:coordination", args=[creneau.slug]), {})
    assert reponse.status_code == 302 and "connexion" in reponse.url
    assert not Coordination.objects.filter(creneau=creneau).exists()


def test_un_post_forge_pour_le_creneau_d_une_autre_region_est_refuse(client, autre_creneau, dr_centre, recrue, employeur):
    client.force_login(dr_centre)
    url = reverse("creneaux:coordination", args=[autre_creneau.slug])
    reponse = client.post(url, {"personne": recrue.pk, "employeur": employeur.pk, "debut": aujourdhui().isoformat()})
    assert reponse.status_code == 403
    assert not Coordination.objects.filter(creneau=autre_creneau).exists()
    co = CoordinationFactory(creneau=autre_creneau)
    reponse = client.post(reverse("creneaux:coordination_terminer", args=[co.pk]), {"fin-fin": "2030-01-01", "fin-motif": "x"})
    assert reponse.status_code == 403
    co.refresh_from_db()
    assert co.fin is None


def test_des_valeurs_forgees_sont_refusees_a_cote_du_champ(client, creneau, dr_centre):
    client.force_login(dr_centre)
    url = reverse("creneaux:coordination", args=[creneau.slug])
    page = client.post(url, {"personne": "999999", "employeur": "abc", "debut": "1800-01-01"})
    assert page.status_code == 200
    assert not Coordination.objects.filter(creneau=creneau).exists()
    assert client.post(reverse("creneaux:coordination_terminer", args=[999999]), {}).status_code == 404


def test_la_regle_dit_pourquoi(creneau, dr_centre, dr_autre, coordination):
    assert verifier("creneaux.nommer_coordination", dr_centre, creneau).ok
    assert "direction régionale de sa région" in str(verifier("creneaux.nommer_coordination", dr_autre, creneau).raison)
