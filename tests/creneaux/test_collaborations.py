"""A créneau taking part in a collaboration leaves it only with its own coordination's consent,
or by itself; who asked, who answered and when are kept. The coordination of one créneau never
removes another créneau from a shared collaboration alone."""

import pytest
from django.apps import apps
from django.urls import reverse

from creneaux import actions
from creneaux.models import Collaboration, DemandeCollaboration
from noyau.actions import ActionRefusee
from portail.a_traiter import taches_de
from tests.factories import CollaborationFactory, CreneauFactory
from tests.pages import page_et_fragments

pytestmark = pytest.mark.django_db


def etat():
    return {
        m._meta.db_table: sorted(map(repr, m.objects.values_list()))
        for m in apps.get_app_config("creneaux").get_models(include_auto_created=True)
    }


@pytest.fixture
def partagee(creneau, autre_creneau):
    """« Table du bois », shared by Meuble and Écoconstruction."""
    return CollaborationFactory(titre="Table du bois", creneaux=[creneau, autre_creneau])


def test_la_coordination_ne_retire_pas_seule_un_autre_creneau(client, creneau, autre_creneau, partagee, coordination):
    client.force_login(coordination)
    url = reverse("creneaux:collaboration_modifier", args=[creneau.slug, partagee.pk])
    troisieme = CreneauFactory(nom="Bois d'ingénierie")
    reponse = client.post(url, {"titre": "Table du bois", "creneaux": [troisieme.pk]})
    assert reponse.status_code == 302, reponse.context["form"].errors
    assert set(partagee.creneaux.all()) == {creneau, autre_creneau}  # still in, until it consents
    demande = DemandeCollaboration.objects.get(collaboration=partagee, creneau=autre_creneau)
    assert (demande.objet, demande.statut, demande.demandee_par) == ("retrait", "en_attente", coordination)
    # Forged: leaving in Écoconstruction's name.
    avant = etat()
    quitter = reverse("creneaux:collaboration_quitter", args=[autre_creneau.slug, partagee.pk])
    assert client.post(quitter).status_code == 403
    with pytest.raises(ActionRefusee, match="Seules la coordination du créneau et la direction régionale"):
        actions.quitter_collaboration(partagee, par=coordination, creneau=autre_creneau)
    with pytest.raises(ActionRefusee, match="coordination du créneau invité"):
        actions.repondre_collaboration(demande, par=coordination, accepte=True)
    assert etat() == avant


def test_le_createneau_consent_a_son_retrait_et_c_est_consigne(
    creneau, autre_creneau, partagee, coordination, coordination_autre
):
    actions.enregistrer_collaboration(partagee, par=coordination, creneau=creneau, autres=[])
    demande = DemandeCollaboration.objects.get(collaboration=partagee, creneau=autre_creneau)
    assert [t.quoi for t in taches_de(coordination_autre)] == [
        "Accepter ou décliner le retrait de votre créneau demandé par Meuble"
    ]
    actions.repondre_collaboration(demande, par=coordination_autre, accepte=True)
    demande.refresh_from_db()
    assert (demande.statut, demande.repondue_par) == ("acceptee", coordination_autre) and demande.repondue_le
    assert list(partagee.creneaux.all()) == [creneau]


def test_un_retrait_decline_laisse_le_creneau_dans_la_collaboration(
    creneau, autre_creneau, partagee, coordination, coordination_autre
):
    actions.enregistrer_collaboration(partagee, par=coordination, creneau=creneau, autres=[])
    demande = DemandeCollaboration.objects.get(collaboration=partagee, creneau=autre_creneau)
    actions.repondre_collaboration(demande, par=coordination_autre, accepte=False)
    assert set(partagee.creneaux.all()) == {creneau, autre_creneau}
    # Named again, nothing is asked any more; dropped again, it is asked again.
    actions.enregistrer_collaboration(partagee, par=coordination, creneau=creneau, autres=[autre_creneau])
    assert not partagee.demandes.filter(statut="en_attente").exists()


def test_un_creneau_quitte_une_collaboration_de_lui_meme(client, creneau, autre_creneau, partagee, coordination_autre):
    client.force_login(coordination_autre)
    page = page_et_fragments(client, autre_creneau.get_absolute_url())
    quitter = reverse("creneaux:collaboration_quitter", args=[autre_creneau.slug, partagee.pk])
    assert quitter in page
    assert client.post(quitter).status_code == 302
    assert list(partagee.creneaux.all()) == [creneau]
    trace = DemandeCollaboration.objects.get(collaboration=partagee, creneau=autre_creneau)
    assert (trace.objet, trace.statut, trace.repondue_par, trace.demandeur) == (
        "retrait",
        "acceptee",
        coordination_autre,
        autre_creneau,
    )
    with pytest.raises(ActionRefusee, match="ne prend pas part"):
        actions.quitter_collaboration(partagee, par=coordination_autre, creneau=autre_creneau)


def test_anonyme_ne_quitte_rien(client, autre_creneau, partagee):
    reponse = client.post(reverse("creneaux:collaboration_quitter", args=[autre_creneau.slug, partagee.pk]))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("login"))
    assert partagee.creneaux.count() == 2
    assert Collaboration.objects.count() == 1
